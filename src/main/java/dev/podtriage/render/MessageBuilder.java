package dev.podtriage.render;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the engine's answers (Diagnosis, Report, WorkloadReport, rules) into {@link Message}s.
 * Pure: no I/O, no clock. Reports and workloads list at most {@code maxPods} pods, worst first,
 * and say how many more there are.
 */
public final class MessageBuilder {
    public static final int DEFAULT_MAX_PODS = 10;
    private static final int MAX_RULES_IN_SUMMARY = 15;
    private static final String OFFLINE = "offline";

    private final int maxPods;

    public MessageBuilder() {
        this(DEFAULT_MAX_PODS);
    }

    public MessageBuilder(int maxPods) {
        if (maxPods < 1) {
            throw new IllegalArgumentException("maxPods must be at least 1");
        }
        this.maxPods = maxPods;
    }

    // ---------------------------------------------------------------- one pod

    public Message diagnosis(Diagnosis d) {
        PodInfo pod = d.pod();
        Tone tone = Tone.of(d.severity(), d.healthy());
        String name = podName(pod);
        List<Fact> context = new ArrayList<>();
        context.add(new Fact("Cluster", Text.plain(orUnknown(d.cluster()))));
        if (pod != null) {
            addCode(context, "Namespace", pod.namespace());
            addCode(context, "Pod", pod.name());
            if (pod.owner() != null) {
                context.add(new Fact("Owner", Text.builder().plain(Objects.toString(pod.owner().kind(), "") + " ")
                        .code(Objects.toString(pod.owner().name(), "")).build()));
            }
            addCode(context, "Node", pod.node());
        }
        if (d.evaluatedAt() != null) {
            context.add(new Fact("Evaluated at", Text.plain(d.evaluatedAt().toString())));
        }
        String path = pod != null && pod.namespace() != null && pod.name() != null && !OFFLINE.equals(d.cluster())
                ? "/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name() + "/diagnosis" : null;
        return new Message(tone, title(tone, name), Text.of(d.summary()), status(pod), context,
                findingSections(d.findings()), optOutNotes(d.optOutProblems()), path);
    }

    // ---------------------------------------------------------------- many pods

    public Message report(Report r) {
        Report.Summary s = r.summary();
        int pods = s == null ? r.diagnoses().size() : s.pods();
        int critical = s == null ? 0 : s.critical();
        int warning = s == null ? 0 : s.warning();
        int healthy = s == null ? 0 : s.healthy();
        List<WorkloadReport> workloads = r.workloads() == null ? List.of() : r.workloads();
        boolean workloadCritical = workloads.stream().anyMatch(w -> w.severity() == Severity.CRITICAL);
        boolean workloadUnhealthy = workloads.stream().anyMatch(w -> !w.healthy());
        Tone tone = critical > 0 || workloadCritical ? Tone.CRITICAL : warning > 0 || workloadUnhealthy ? Tone.WARNING : Tone.HEALTHY;
        int unhealthy = critical + warning;
        String title = pods == 0 && !workloads.isEmpty() ? tone.word() + ": " + workloads.size() + plural(workloads.size(), " workload", " workloads") + " with findings of their own"
                : pods == 0 ? "No pods"
                : unhealthy == 0 ? "Healthy: all " + pods + plural(pods, " pod", " pods")
                : tone.word() + ": " + unhealthy + " of " + pods + plural(pods, " pod", " pods") + " unhealthy";
        int optedOut = s == null ? 0 : s.optedOut();
        Text summary = Text.plain(pods + plural(pods, " pod: ", " pods: ") + healthy + " healthy, "
                + critical + " critical, " + warning + " warning" + (optedOut == 0 ? "" : " (" + optedOut + " with ignored findings)"));
        List<Fact> context = new ArrayList<>();
        context.add(new Fact("Cluster", Text.plain(orUnknown(r.cluster()))));
        if (r.evaluatedAt() != null) {
            context.add(new Fact("Evaluated at", Text.plain(r.evaluatedAt().toString())));
        }
        List<Section> sections = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        if (s != null && s.byRule() != null && !s.byRule().isEmpty()) {
            sections.add(byRule(s.byRule()));
        }
        // workloads with findings of their own first: a Deployment without any pod is visible only here
        for (WorkloadReport w : workloads) {
            sections.add(workloadSection(w));
        }
        podSections(r.diagnoses(), sections, notes);
        if (pods > 0 && r.diagnoses().isEmpty() && unhealthy == 0) {
            notes.add(Text.plain("No pod has a warning or critical finding."));
        }
        return new Message(tone, title, summary, null, context, sections, notes, null);
    }

    // ---------------------------------------------------------------- a workload

    public Message workload(WorkloadReport w) {
        WorkloadReport.Workload wl = w.workload();
        Tone tone = Tone.of(w.severity(), w.healthy());
        String name = wl == null ? "unknown workload"
                : orUnknown(wl.kind()) + " " + (wl.namespace() == null ? "" : wl.namespace() + "/") + orUnknown(wl.name());
        List<Fact> context = new ArrayList<>();
        context.add(new Fact("Cluster", Text.plain(orUnknown(w.cluster()))));
        if (wl != null) {
            addCode(context, "Namespace", wl.namespace());
            context.add(new Fact("Workload", Text.builder().plain(orUnknown(wl.kind()) + " ").code(orUnknown(wl.name())).build()));
            if (wl.desired() != null) {
                boolean job = WorkloadKind.JOB.kind().equals(wl.kind());
                context.add(new Fact(job ? "Succeeded" : "Ready", Text.plain(wl.readyColumn() + (job ? " completions" : " replicas"))));
            }
        }
        context.add(new Fact("Pods", Text.plain(Integer.toString(w.pods() == null ? 0 : w.pods().size()))));
        if (w.evaluatedAt() != null) {
            context.add(new Fact("Evaluated at", Text.plain(w.evaluatedAt().toString())));
        }
        List<Section> sections = new ArrayList<>(findingSections(w.findings() == null ? List.of() : w.findings()));
        List<Text> notes = new ArrayList<>(optOutNotes(w.optOutProblems()));
        podSections(w.pods() == null ? List.of() : w.pods(), sections, notes);
        String path = wl != null && wl.namespace() != null && wl.kind() != null && wl.name() != null && !OFFLINE.equals(w.cluster())
                ? "/api/v1/namespaces/" + wl.namespace() + "/workloads/" + wl.kind() + "/" + wl.name() + "/diagnosis" : null;
        return new Message(tone, title(tone, name), Text.of(w.summary()), null, context, sections, notes, path);
    }

    /**
     * A rollout gate's answer, e.g. for a pull-request comment: "Rollout failed: Deployment shop/web",
     * why, then the workload's report.
     *
     * @param state  complete, failed or progressing
     * @param detail the controller's progress, or the root cause that failed it
     */
    public Message rollout(WorkloadReport w, String state, String detail) {
        Message m = workload(w);
        Tone tone = "complete".equals(state) ? Tone.HEALTHY : "failed".equals(state) ? Tone.CRITICAL : Tone.WARNING;
        WorkloadReport.Workload wl = w.workload();
        String name = wl == null ? "unknown workload" : orUnknown(wl.kind()) + " " + orUnknown(wl.namespace()) + "/" + orUnknown(wl.name());
        String verdict = "complete".equals(state) ? "complete" : "failed".equals(state) ? "failed" : "still progressing";
        return new Message(tone, "Rollout " + verdict + ": " + name, detail == null ? Text.of(w.summary()) : Text.parse(detail), null,
                m.context(), m.sections(), m.notes(), m.apiPath());
    }

    // ---------------------------------------------------------------- rules and help

    /** One rule in full: description, detection, general fixes. */
    public Message rule(RuleDefinition r) {
        Section s = new Section(Tone.of(r.severity()), Text.builder().code(r.id()).plain(" ").strong(r.title()).build(), null,
                List.of(Text.parse(r.description()),
                        Text.builder().strong("Severity:").plain(" " + r.severity().id()).build(),
                        Text.builder().strong("Detected from:").plain(" ").text(Text.parse(r.detection())).build()),
                null, List.of(), "General fixes", r.fixes().stream().map(Text::parse).toList());
        return new Message(Tone.NEUTRAL, "Rule " + r.id(), Text.parse(r.title()), null, List.of(), List.of(s), List.of(),
                "/api/v1/rules/" + r.id());
    }

    /** The catalog, one line per rule, grouped by the stage of the pod's life the rules are about. */
    public Message rules(List<RuleDefinition> rules) {
        Map<Stage, List<Item>> byStage = new LinkedHashMap<>();
        rules.stream().sorted(Comparator.comparing(RuleDefinition::stage, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(r -> byStage.computeIfAbsent(r.stage(), k -> new ArrayList<>())
                        .add(Item.of(Text.builder().code(r.id()).plain(" (" + r.severity().id() + ") " + r.title()).build())));
        List<Section> sections = new ArrayList<>();
        byStage.forEach((stage, items) -> sections.add(new Section(Tone.NEUTRAL, Text.strong(stageName(stage)), null,
                List.of(), null, items, null, List.of())));
        return new Message(Tone.NEUTRAL, "Rules (" + rules.size() + ")", Text.plain("The rules pod-triage diagnoses by; ask for one by its ID for details."),
                null, List.of(), sections, List.of(), "/api/v1/rules");
    }

    /** The help of a chat command: one line per command. */
    public Message help(String title, List<Command> commands) {
        List<Item> items = commands.stream()
                .map(c -> Item.of(Text.builder().code(c.usage()).plain(" — ").text(Text.parse(c.description())).build()))
                .toList();
        Section s = new Section(Tone.NEUTRAL, Text.strong("Commands"), null, List.of(), null, items, null, List.of());
        return new Message(Tone.NEUTRAL, title, Text.plain("pod-triage names the root cause of failing pods, with evidence and fixes."),
                null, List.of(), List.of(s), List.of(), null);
    }

    // ---------------------------------------------------------------- parts

    private static List<Section> findingSections(List<Finding> findings) {
        List<Section> sections = new ArrayList<>();
        boolean rootSeen = false;
        for (Finding f : findings) {
            String label;
            if (!f.severity().unhealthy()) {
                label = "Note";
            } else if (!rootSeen) {
                label = "Root cause";
                rootSeen = true;
            } else {
                label = "Also";
            }
            Text.Builder heading = Text.builder().strong(label + ":").plain(" ").code(f.rule()).plain(" ").strong(f.title());
            if (f.container() != null) {
                heading.plain(" · container ").code(f.container());
            }
            failingSince(heading, f);
            ignored(heading, f);
            List<Item> evidence = f.evidence() == null ? List.of() : f.evidence().stream().map(MessageBuilder::evidence).toList();
            List<Text> fixes = f.fixes() == null ? List.of() : f.fixes().stream().map(Text::of).toList();
            sections.add(new Section(Tone.of(f.severity()), heading.build(), null,
                    f.message() == null ? List.of() : List.of(Text.of(f.message())), "Evidence", evidence, "Fix", fixes));
        }
        return sections;
    }

    /** {@code · failing since 2026-12-05T22:00:00Z}: when this episode of an unhealthy finding began, if the service knows. */
    private static void failingSince(Text.Builder heading, Finding f) {
        if (f.since() != null && f.severity().unhealthy()) {
            heading.plain(" · failing since " + f.since());
        }
    }

    /** {@code · ignored until 2027-01-01T00:00:00Z (Deployment shop/web): known flaky}: the opt-out annotation covering a finding. */
    private static void ignored(Text.Builder heading, Finding f) {
        if (f.optOut() != null) {
            heading.plain(" · " + f.optOut().describe());
        }
    }

    /** One note per opt-out annotation not applied (malformed, without until, expired). */
    private static List<Text> optOutNotes(List<Prose> problems) {
        return problems == null ? List.of() : problems.stream().map(p -> Text.builder().plain("Opt-out: ").text(Text.of(p)).build()).toList();
    }

    /** {@code event `Failed`, seen 4 times, last at …: Failed to pull image …} */
    static Item evidence(Evidence e) {
        Text.Builder b = Text.builder().strong(e.source() == null ? "fact" : e.source().id());
        if (e.reason() != null && !e.reason().isBlank()) {
            b.plain(" ").code(e.reason());
        }
        if (e.field() != null && !e.field().isBlank()) {
            if (e.source() == EvidenceSource.LOG) {
                b.plain(" (" + e.field() + ")");
            } else {
                b.plain(e.reason() == null || e.reason().isBlank() ? " " : " in ").code(e.field());
            }
        }
        if (e.count() != null && e.count() > 1) {
            b.plain(", seen " + e.count() + " times");
        }
        if (e.lastSeen() != null) {
            b.plain(e.count() != null && e.count() > 1 ? ", last at " : ", at ").plain(e.lastSeen().toString());
        }
        String text = e.text() == null ? "" : e.text().strip();
        if (text.isEmpty()) {
            return Item.of(b.build());
        }
        if (text.indexOf('\n') >= 0 || e.source() == EvidenceSource.LOG) {
            return new Item(b.plain(":").build(), text);
        }
        return Item.of(b.plain(": ").text(Text.plain(text)).build());
    }

    private static Section byRule(Map<String, Integer> byRule) {
        List<Map.Entry<String, Integer>> entries = byRule.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        List<Item> items = new ArrayList<>();
        entries.stream().limit(MAX_RULES_IN_SUMMARY).forEach(e -> items.add(Item.of(Text.builder().code(e.getKey())
                .plain(": " + e.getValue() + plural(e.getValue(), " pod", " pods")).build())));
        if (entries.size() > MAX_RULES_IN_SUMMARY) {
            items.add(Item.of(Text.plain("… and " + (entries.size() - MAX_RULES_IN_SUMMARY) + " more rules")));
        }
        return new Section(Tone.NEUTRAL, Text.strong("Pods by rule"), null, List.of(), null, items, null, List.of());
    }

    /** The worst pods first (critical, warning, info-only, healthy; then namespace and name), at most maxPods. */
    private void podSections(List<Diagnosis> diagnoses, List<Section> sections, List<Text> notes) {
        List<Diagnosis> worstFirst = diagnoses.stream().sorted(Comparator.comparingInt(MessageBuilder::rank)
                .thenComparing(d -> d.pod() == null ? "" : Objects.toString(d.pod().namespace(), ""))
                .thenComparing(d -> d.pod() == null ? "" : Objects.toString(d.pod().name(), ""))).toList();
        for (Diagnosis d : worstFirst.subList(0, Math.min(maxPods, worstFirst.size()))) {
            sections.add(podSection(d));
        }
        int more = worstFirst.size() - maxPods;
        if (more > 0) {
            notes.add(Text.plain("… and " + more + " more" + plural(more, " pod", " pods") + " not shown here."));
        }
    }

    private static Section podSection(Diagnosis d) {
        Text.Builder heading = Text.builder().code(podName(d.pod()));
        if (!d.findings().isEmpty()) {
            Finding root = d.findings().get(0);
            heading.plain(" · ").code(root.rule());
            if (root.container() != null) {
                heading.plain(" · container ").code(root.container());
            }
            failingSince(heading, root);
            ignored(heading, root);
        }
        List<Text> body = new ArrayList<>();
        body.add(Text.of(d.summary()));
        body.addAll(optOutNotes(d.optOutProblems()));
        return new Section(Tone.of(d.severity(), d.healthy()), heading.build(), status(d.pod()), body,
                null, List.of(), null, List.of());
    }

    private static Section workloadSection(WorkloadReport w) {
        WorkloadReport.Workload wl = w.workload();
        Text.Builder heading = Text.builder().code(wl == null ? "unknown workload"
                : orUnknown(wl.kind()) + " " + (wl.namespace() == null ? "" : wl.namespace() + "/") + orUnknown(wl.name()));
        if (w.findings() != null && !w.findings().isEmpty()) {
            heading.plain(" · ").code(w.findings().get(0).rule());
            ignored(heading, w.findings().get(0));
        }
        return new Section(Tone.of(w.severity(), w.healthy()), heading.build(), null, List.of(Text.of(w.summary())),
                null, List.of(), null, List.of());
    }

    private static int rank(Diagnosis d) {
        if (d.healthy()) {
            return d.severity() == Severity.INFO ? 2 : 3;
        }
        return d.severity() == Severity.CRITICAL ? 0 : 1;
    }

    private static PodStatus status(PodInfo pod) {
        return pod == null ? null : new PodStatus(pod.name(), pod.ready(), pod.status(), pod.restarts());
    }

    private static String title(Tone tone, String name) {
        return tone.word().isEmpty() ? name : tone.word() + ": " + name;
    }

    private static String podName(PodInfo pod) {
        if (pod == null) {
            return "unknown pod";
        }
        return (pod.namespace() == null ? "" : pod.namespace() + "/") + orUnknown(pod.name());
    }

    private static void addCode(List<Fact> facts, String label, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new Fact(label, Text.code(value)));
        }
    }

    private static String stageName(Stage stage) {
        if (stage == null) {
            return "Other";
        }
        return switch (stage) {
            case WORKLOAD -> "Workload";
            case POD_LIFECYCLE -> "Pod lifecycle and nodes";
            case SCHEDULING -> "Scheduling";
            case SANDBOX -> "Sandbox, network and volumes";
            case IMAGE -> "Images";
            case CONTAINER_START -> "Container start";
            case INIT -> "Init containers";
            case RUN -> "Running containers";
            case PROBE -> "Probes";
            case LINT -> "Configuration lint";
        };
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }

    private static String plural(int n, String one, String many) {
        return n == 1 ? one : many;
    }
}
