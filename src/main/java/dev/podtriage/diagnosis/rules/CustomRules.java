package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The operator's own rules (README "Custom rules"): plain data matched against a container's waiting and
 * termination states, the pod's events and the previous log tail. A definition that cannot work stops
 * start-up: {@link #of} names the source, the rule and the field.
 */
public final class CustomRules implements RuleFamily {
    /** Regular expressions run on at most this many characters of any one text: bounded input. */
    static final int MAX_INPUT = 4096;
    /** Values every fix template may use, besides the named groups of the rule's regular expressions. */
    static final Set<String> BUILT_IN_VALUES = Set.of("container", "image", "pod", "namespace");
    private static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]{0,63})>");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]{0,63})}");
    private static final Set<Stage> STAGES = Set.of(Stage.POD_LIFECYCLE, Stage.SCHEDULING, Stage.SANDBOX, Stage.IMAGE,
            Stage.CONTAINER_START, Stage.INIT, Stage.RUN, Stage.PROBE);

    private final List<Rule> rules;

    private CustomRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * One checked rule: its catalog entry, its compiled criteria and its fix templates, read once as the Markdown
     * the operator wrote, so that the values filled in later are never read as Markdown.
     */
    private record Rule(RuleDefinition definition, CustomRuleSpec.Match match, Pattern message, Pattern log, List<Prose> fixes) {
        boolean perContainer() {
            return match.waitingReason() != null || match.terminatedReason() != null || match.exitCode() != null || log != null;
        }
    }

    /**
     * Checks and compiles the operator's rules.
     *
     * @param taken the IDs of the built-in catalog, which a custom rule must not reuse
     * @throws IllegalArgumentException naming the source, the rule and the field of the first bad definition
     */
    public static CustomRules of(List<CustomRuleSpec> specs, Collection<String> taken) {
        List<Rule> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(taken);
        for (CustomRuleSpec s : specs) {
            out.add(compile(s, seen));
            seen.add(s.id());
        }
        return new CustomRules(out);
    }

    private static Rule compile(CustomRuleSpec s, Set<String> taken) {
        if (s.id() == null || !ID.matcher(s.id()).matches()) {
            throw bad(s, "id", "must be lower-case letters, digits and '-' (at most 63), got " + quote(s.id()));
        }
        if (taken.contains(s.id())) {
            throw bad(s, "id", "is already a rule of the catalog or an earlier custom rule; a custom rule needs an ID of its own");
        }
        require(s, "title", s.title());
        require(s, "description", s.description());
        Stage stage = stage(s);
        Severity severity;
        try {
            severity = Severity.parse(require(s, "severity", s.severity()));
        } catch (IllegalArgumentException e) {
            throw bad(s, "severity", e.getMessage());
        }
        CustomRuleSpec.Match m = s.match();
        Pattern message = regex(s, "match.message", m.message());
        Pattern log = regex(s, "match.log", m.log());
        if (Stream.of(m.waitingReason(), m.terminatedReason(), m.exitCode(), m.eventReason(), m.message(), m.log()).allMatch(v -> v == null)) {
            throw bad(s, "match", "needs at least one of waiting-reason, terminated-reason, exit-code, event-reason, message, log");
        }
        if (s.fixes().isEmpty()) {
            throw bad(s, "fixes", "needs at least one fix");
        }
        Set<String> values = new LinkedHashSet<>(BUILT_IN_VALUES);
        values.addAll(groupNames(m.message()));
        values.addAll(groupNames(m.log()));
        List<Prose> templates = new ArrayList<>();
        for (int i = 0; i < s.fixes().size(); i++) {
            Prose template = Prose.fromMarkdown(s.fixes().get(i));
            for (Prose.Part part : template.parts()) {
                Matcher p = PLACEHOLDER.matcher(part.text());
                while (p.find()) {
                    if (!values.contains(p.group(1))) {
                        throw bad(s, "fixes[" + i + "]", "uses {" + p.group(1) + "}, which is neither one of " + BUILT_IN_VALUES
                                + " nor a named group (?<name>…) of match.message or match.log");
                    }
                }
            }
            templates.add(template);
        }
        RuleDefinition d = new RuleDefinition(s.id(), s.title(), severity, stage, s.description(), detection(m), s.fixes()).asCustom();
        return new Rule(d, m, message, log, templates);
    }

    private static Stage stage(CustomRuleSpec s) {
        String text = require(s, "stage", s.stage());
        for (Stage st : STAGES) {
            if (name(st).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return st;
            }
        }
        throw bad(s, "stage", "unknown stage " + quote(text) + ": expected one of " + STAGES.stream().sorted().map(CustomRules::name).toList());
    }

    private static String name(Stage st) {
        return st.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String require(CustomRuleSpec s, String field, String value) {
        if (value == null || value.isBlank()) {
            throw bad(s, field, "is required");
        }
        return value;
    }

    /**
     * A regular expression that runs in linear time on the bounded inputs: no back-reference and no
     * quantified group holding a quantifier (the shapes that backtrack exponentially, such as {@code (a+)+}).
     */
    private static Pattern regex(CustomRuleSpec s, String field, String regex) {
        if (regex == null) {
            return null;
        }
        try {
            Pattern p = Pattern.compile(regex);
            String shape = RegexShape.problem(regex);
            if (shape != null) {
                throw bad(s, field, shape);
            }
            return p;
        } catch (PatternSyntaxException e) {
            throw bad(s, field, "is not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static Set<String> groupNames(String regex) {
        Set<String> names = new LinkedHashSet<>();
        if (regex != null) {
            Matcher m = GROUP_NAME.matcher(regex);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The catalog's detection text (a Markdown string): each value the operator wrote is a code span, whatever it holds. */
    private static String detection(CustomRuleSpec.Match m) {
        List<Prose> parts = new ArrayList<>();
        Optional.ofNullable(m.waitingReason()).ifPresent(v -> parts.add(Prose.of("waiting reason ", Prose.code(v))));
        Optional.ofNullable(m.terminatedReason()).ifPresent(v -> parts.add(Prose.of("current or last termination reason ", Prose.code(v))));
        Optional.ofNullable(m.exitCode()).ifPresent(v -> parts.add(Prose.words("exit code " + v)));
        Optional.ofNullable(m.eventReason()).ifPresent(v -> parts.add(Prose.of("an event ", Prose.code(v))));
        Optional.ofNullable(m.message()).ifPresent(v -> parts.add(Prose.of("a message matching ", Prose.code(v))));
        Optional.ofNullable(m.log()).ifPresent(v -> parts.add(Prose.of("a previous log line matching ", Prose.code(v))));
        return Prose.of("Custom rule: ", Prose.join(", and ", parts)).markdown();
    }

    private static IllegalArgumentException bad(CustomRuleSpec s, String field, String problem) {
        return new IllegalArgumentException(s.source() + ": custom rule " + quote(s.id()) + ": " + field + " " + problem);
    }

    private static String quote(Object value) {
        return value == null ? "(none)" : "'" + value + "'";
    }

    @Override
    public List<RuleDefinition> rules() {
        return rules.stream().map(Rule::definition).toList();
    }

    @Override
    public List<Finding> detect(PodView pod) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r.perContainer()) {
                for (ContainerView c : pod.allContainers()) {
                    matchContainer(r, pod, c).ifPresent(out::add);
                }
            } else {
                matchPod(r, pod).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<Finding> matchContainer(Rule r, PodView pod, ContainerView c) {
        CustomRuleSpec.Match m = r.match();
        Finding.Builder f = r.definition().finding().container(c);
        Map<String, String> values = values(pod);
        values.put("container", c.name());
        values.put("image", c.image() == null ? "" : c.image());
        List<String> messages = new ArrayList<>();
        if (m.waitingReason() != null) {
            if (!m.waitingReason().equals(c.waitingReason())) {
                return Optional.empty();
            }
            c.waitingEvidence().ifPresent(f::evidence);
        }
        if (c.waitingMessage() != null) {
            messages.add(c.waitingMessage());
        }
        List<ContainerStateTerminated> ends = Stream.of(c.terminated(), c.lastTerminated()).flatMap(Optional::stream).toList();
        if (m.terminatedReason() != null || m.exitCode() != null) {
            boolean any = ends.stream().anyMatch(t -> (m.terminatedReason() == null || m.terminatedReason().equals(t.getReason()))
                    && (m.exitCode() == null || m.exitCode().equals(t.getExitCode())));
            if (!any) {
                return Optional.empty();
            }
            c.terminatedEvidence().or(c::lastTerminatedEvidence).ifPresent(f::evidence);
        }
        ends.stream().map(ContainerStateTerminated::getMessage).filter(s -> s != null).forEach(messages::add);
        List<Event> events = m.eventReason() == null ? pod.eventsFor(c) : pod.eventsFor(c, m.eventReason());
        if (m.eventReason() != null) {
            if (events.isEmpty()) {
                return Optional.empty();
            }
            f.evidence(PodView.evidence(events, 3));
        }
        if (r.message() != null) {
            Optional<String> hit = firstMatch(r.message(), Stream.concat(messages.stream(),
                    events.stream().map(Event::getMessage).filter(s -> s != null)).toList(), values);
            if (hit.isEmpty()) {
                return Optional.empty();
            }
            if (m.eventReason() == null) {
                f.evidence(events.stream().filter(e -> hit.get().equals(e.getMessage())).map(Evidence::event).toList());
            }
        }
        if (r.log() != null) {
            Optional<String> log = pod.previousLog(c);
            if (log.isEmpty() || firstMatch(r.log(), log.get().lines().toList(), values).isEmpty()) {
                return Optional.empty();
            }
            f.evidence(Evidence.log(c.name(), log.get()));
        }
        return Optional.of(finish(r, f, values, Prose.of(r.definition().title() + " in " + c.kind() + " ", Prose.code(c.name()))));
    }

    private Optional<Finding> matchPod(Rule r, PodView pod) {
        CustomRuleSpec.Match m = r.match();
        Map<String, String> values = values(pod);
        List<Event> events = m.eventReason() == null ? pod.events() : pod.eventsWithReason(m.eventReason());
        List<Event> hits = r.message() == null ? events
                : events.stream().filter(e -> e.getMessage() != null && firstMatch(r.message(), List.of(e.getMessage()), values).isPresent())
                .limit(1).toList();
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Finding.Builder f = r.definition().finding().order(0).evidence(PodView.evidence(hits, 3));
        return Optional.of(finish(r, f, values, Prose.of(r.definition().title() + " in pod ", Prose.code(pod.name()))));
    }

    private static Map<String, String> values(PodView pod) {
        Map<String, String> values = new HashMap<>();
        values.put("pod", pod.name());
        values.put("namespace", pod.namespace() == null ? "" : pod.namespace());
        values.put("container", "");
        values.put("image", "");
        return values;
    }

    /** The first text in which the pattern is found (each read on at most {@link #MAX_INPUT} characters); its named groups go to values. */
    private static Optional<String> firstMatch(Pattern p, List<String> texts, Map<String, String> values) {
        Set<String> names = groupNames(p.pattern());
        for (String text : texts) {
            Matcher m = p.matcher(text.length() <= MAX_INPUT ? text : text.substring(0, MAX_INPUT));
            if (m.find()) {
                for (String n : names) {
                    values.put(n, m.group(n) == null ? "" : m.group(n));
                }
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /**
     * Fills each fix template part for part: a value in a code span goes into the code's text, a value among words
     * stays words; either way it is the cluster's text as it is, never read as Markdown.
     */
    private static Finding finish(Rule r, Finding.Builder f, Map<String, String> values, Prose message) {
        for (Prose template : r.fixes()) {
            f.fix(template.map(text -> PLACEHOLDER.matcher(text).replaceAll(p -> Matcher.quoteReplacement(values.getOrDefault(p.group(1), "")))));
        }
        return f.message(message).build();
    }
}
