package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
import static dev.podtriage.diagnosis.Prose.code;
import static dev.podtriage.diagnosis.rules.ContainerFacts.imageOf;
import static dev.podtriage.diagnosis.rules.ContainerFacts.q;
import static dev.podtriage.diagnosis.rules.ContainerFacts.title;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.Timestamps;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.rules.ContainerFacts.Recency;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Init containers that fail ({@code Init:Error}, {@code Init:CrashLoopBackOff}; with
 * {@code restartPolicy: Never} the pod ends Failed) or never finish ({@code Init:N/M} for longer
 * than {@code settings().initContainerStuckAfter()}: typically a wait loop for a dependency that
 * never comes). Sidecars ({@code restartPolicy: Always}) run on purpose and are never stuck.
 * Image, configuration and start problems of init containers are reported by their own families;
 * an OOM kill by {@link ContainerRunRules}.
 */
public final class InitContainerRules implements RuleFamily {

    public static final RuleDefinition FAILED = CatalogEntries.define(RuleId.INIT_CONTAINER_FAILED,
            ContainerRunSignatures.detection(RuleId.INIT_CONTAINER_FAILED,
                    "Init container terminated (now or last) with a non-zero exit code, waiting in CrashLoopBackOff, or BackOff events for it, "
                            + "whose texts read", ""));
    public static final RuleDefinition STUCK = CatalogEntries.define(RuleId.INIT_CONTAINER_STUCK,
            "A non-sidecar init container in state running since longer than initContainerStuckAfter before the evaluation instant.");

    private static final String HOST = "([A-Za-z0-9][A-Za-z0-9_.-]{0,251}[A-Za-z0-9])";
    /** How wait loops name what they wait for. Group 1 is the host, group 2 (when present) the port. */
    private static final List<Pattern> WAIT_TARGETS = List.of(
            Pattern.compile("\\bnslookup\\s+" + HOST + "()"),
            Pattern.compile("\\bgetent\\s+(?:hosts|ahosts)\\s+" + HOST + "()"),
            Pattern.compile("\\bdig\\s+(?:\\+\\S+\\s+)*" + HOST + "()"),
            Pattern.compile("\\bnc\\b(?:\\s+-[A-Za-z]+(?:\\s+\\d+)?)*\\s+" + HOST + "\\s+(\\d{1,5})\\b"),
            Pattern.compile("/dev/tcp/" + HOST + "/(\\d{1,5})"),
            Pattern.compile("\\b(?:pg_isready|mysqladmin|redis-cli|mongosh|mongo)\\b[^;&|\\n]{0,200}?(?:-h\\s{0,4}|--host[= ])" + HOST + "(?:[^;&|\\n]{0,200}?(?:-p\\s{0,4}|--port[= ])(\\d{1,5}))?"),
            Pattern.compile("\\b(?:wait-for-it(?:\\.sh)?|wait-for)\\s+(?:-\\S+\\s+)*" + HOST + ":(\\d{1,5})"),
            Pattern.compile("(?:tcp|https?)://" + HOST + "(?::(\\d{1,5}))?"),
            Pattern.compile("--(?:bootstrap-servers?|brokers?|host|server|addr(?:ess)?)[= ]" + HOST + "(?::(\\d{1,5}))?"),
            Pattern.compile("\\b(?:ping|host)\\s+(?:-\\S+\\s+(?:\\d+\\s+)?)*" + HOST + "()"));

    @Override
    public List<RuleDefinition> rules() {
        return List.of(FAILED, STUCK);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        if (ContainerFacts.explainedAtPodLevel(pod) || pod.phase().equals("Succeeded")) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (ContainerView c : pod.initContainers()) {
            if (c.sidecar() || ContainerClaims.standard().claimedBefore(Stage.INIT, pod, c)) {
                continue;
            }
            Optional<Finding> f = c.status() == null ? eventsOnly(pod, c) : fromStatus(pod, c);
            if (f.isPresent()) {
                findings.add(f.get());
                break; // later init containers have not run yet
            }
        }
        return findings;
    }

    private Optional<Finding> fromStatus(PodView pod, ContainerView c) {
        if (c.terminated().map(t -> ContainerFacts.exitCode(t) == 0).orElse(false)) {
            return Optional.empty(); // done (maybe after failed attempts)
        }
        Optional<ContainerStateTerminated> latest = ContainerFacts.latestTermination(c);
        if (latest.isPresent() && ContainerFacts.exitCode(latest.get()) != 0 && !ContainerFacts.reason(latest.get()).equals("OOMKilled")) {
            Recency r = ContainerFacts.recency(pod, c, ContainerFacts.RECENT);
            if (r != Recency.OLD) {
                return Optional.of(failed(pod, c, latest.get()));
            }
        }
        return c.running().isPresent() ? stuck(pod, c) : Optional.empty();
    }

    private Finding failed(PodView pod, ContainerView c, ContainerStateTerminated t) {
        int code = ContainerFacts.exitCode(t);
        boolean ended = c.terminated().isPresent() && (pod.restartPolicy().equals("Never") || pod.phase().equals("Failed"));
        Instant at = ContainerFacts.terminatedAt(c).orElse(null);
        Optional<String> termination = ContainerFacts.terminationMessage(t);
        Optional<String> log = pod.previousLog(c);
        String outcome = ended
                ? "; with restartPolicy " + pod.restartPolicy() + " it is not retried and the pod has ended "
                + (pod.phase().isEmpty() ? "Failed" : pod.phase()) + " (Init:Error)."
                : " and keeps failing (restarted " + c.restartCount() + (c.restartCount() == 1 ? " time" : " times")
                + (c.waitingReason().equals("CrashLoopBackOff") ? ", Init:CrashLoopBackOff" : "") + ")"
                + "; the app containers cannot start until it succeeds.";
        Prose msg = Prose.of(title(c), position(pod, c), imageOf(c), " exited with ", ContainerFacts.exitWithMeaning(code, t.getSignal()),
                at == null ? "" : " " + ContainerFacts.when(pod, at), outcome,
                ContainerFacts.quotedTermination(termination), ContainerFacts.quotedLastLine(log));
        Finding.Builder b = FAILED.finding().container(c).message(msg)
                .headline(Prose.of(title(c), " failed: ", ContainerFacts.exitWithMeaning(code, t.getSignal())));
        c.waitingEvidence().ifPresent(b::evidence);
        ContainerFacts.latestTerminationEvidence(c).ifPresent(b::evidence);
        b.evidence(PodView.evidence(pod.eventsFor(c, "BackOff"), 1));
        log.ifPresent(l -> b.evidence(Evidence.log(c.name(), l)));
        String text = termination.orElse("") + "\n" + log.orElse("");
        List<Target> targets = targets(ContainerFacts.commandText(c) + "\n" + text);
        if (containsAny(text, "connection refused", "no such host", "could not connect", "can't resolve", "timed out", "Name or service not known")
                && !targets.isEmpty()) {
            b.fix(dependencyFix(pod, targets.get(0)));
        }
        b.fix(Prose.of("Read its log: ", ContainerFacts.logsCommand(pod, c, !ended), "."));
        b.fix(failingStepFix(pod, c, " (the image's default command)", ", or what it depends on; it must exit 0 for the pod to start."));
        if (ended) {
            b.fix(pod.workload().filter(o -> o.is(WorkloadKind.JOB))
                    .map(o -> Prose.of("Job ", code(o.name()), " creates a new pod until its backoffLimit; re-run it after the fix."))
                    .orElse(Prose.of("The pod stays Failed: delete and re-create it after the fix", pod.ownerHint(), ".")));
        }
        if (termination.isEmpty() && c.spec() != null && !"FallbackToLogsOnError".equals(c.spec().getTerminationMessagePolicy())) {
            b.fix(Prose.of("Set ", code(c.specPath() + ".terminationMessagePolicy: FallbackToLogsOnError"),
                    " so the last log lines of a failure appear in the pod status."));
        }
        return b.build();
    }

    /** "Fix the failing step `cmd` of `spec.initContainers[x]` of Deployment `y`" followed by {@code rest}. */
    private static Prose failingStepFix(PodView pod, ContainerView c, String withoutCommand, String rest) {
        return Prose.of("Fix the failing step", ContainerFacts.commandLine(c).map(x -> Prose.of(" ", code(x))).orElse(Prose.words(withoutCommand)),
                " of ", code(c.specPath()), pod.ownerHint(), rest);
    }

    /** " (2nd of 3 init containers)" or "" for a pod with one. */
    private static String position(PodView pod, ContainerView c) {
        long total = pod.initContainers().stream().filter(x -> !x.sidecar()).count();
        if (total <= 1) {
            return "";
        }
        int n = c.index() + 1;
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return " (" + n + suffix + " of " + pod.initContainers().size() + " init containers)";
    }

    private Optional<Finding> stuck(PodView pod, ContainerView c) {
        Instant since = c.running().map(r -> Timestamps.parse(r.getStartedAt())).orElse(null);
        Duration threshold = pod.settings().initContainerStuckAfter();
        if (since == null || !pod.longerThan(since, threshold)) {
            return Optional.empty();
        }
        Finding.Builder b = stuckFinding(pod, c, since, threshold);
        b.evidence(Evidence.status(c.statusPath() + ".state.running", null, "startedAt=" + c.running().get().getStartedAt()));
        pod.condition("Initialized").filter(x -> "False".equals(x.getStatus()))
                .ifPresent(x -> b.evidence(Evidence.status("status.conditions[Initialized]", x.getReason(), x.getMessage())));
        return Optional.of(b.build());
    }

    private Finding.Builder stuckFinding(PodView pod, ContainerView c, Instant since, Duration threshold) {
        Optional<String> cmd = ContainerFacts.commandLine(c);
        Optional<String> log = pod.previousLog(c);
        List<Target> targets = targets(ContainerFacts.commandText(c));
        List<Object> msg = new ArrayList<>(List.of(title(c), imageOf(c), " has been running for " + Timestamps.human(Duration.between(since, pod.at()))
                + " (since " + since + "), longer than the " + Timestamps.human(threshold)
                + " after which an init container counts as stuck; the pod stays Init:" + c.index() + "/" + pod.initContainers().size()
                + " and its app containers cannot start."));
        cmd.ifPresent(x -> msg.addAll(List.of(" Its command is ", code(x))));
        if (!targets.isEmpty()) {
            msg.addAll(List.of(cmd.isPresent() ? "; it waits for " : " It waits for ",
                    Prose.join(", ", targets.stream().map(t -> q(t.text())).toList()), "."));
        } else if (cmd.isPresent()) {
            msg.add(".");
        }
        msg.add(ContainerFacts.quotedLastLine(log));
        Finding.Builder b = STUCK.finding().container(c).message(Prose.of(msg.toArray()))
                .headline(Prose.of(title(c), " stuck for " + Timestamps.human(Duration.between(since, pod.at()))
                        + (targets.isEmpty() ? "" : ", waiting for " + targets.get(0).text())));
        cmd.ifPresent(x -> b.evidence(Evidence.spec(c.specPath() + ".command", x)));
        log.ifPresent(l -> b.evidence(Evidence.log(c.name(), l)));
        for (Target t : targets) {
            b.fix(dependencyFix(pod, t));
        }
        b.fix(Prose.of("See what it is doing: ", ContainerFacts.followLogsCommand(pod, c), "."));
        b.fix(Prose.of("Give the wait in ", code(c.specPath()), pod.ownerHint(), " a timeout so the init container fails visibly instead of hanging (e.g. ",
                code("timeout 300 sh -c '" + (targets.isEmpty() ? "<wait loop>" : "until …; do sleep 2; done") + "'"), ")."));
        if (targets.isEmpty()) {
            b.fix(Prose.of("If ", code(c.name()), " is meant to keep running next to the app, declare it as a sidecar: ", code("restartPolicy: Always"),
                    " on ", code(c.specPath()), "."));
        }
        return b;
    }

    /** A host (and port) a wait loop waits for. */
    private record Target(String host, String port) {
        String text() {
            return port == null || port.isEmpty() ? host : host + ":" + port;
        }
    }

    private static List<Target> targets(String text) {
        Set<Target> out = new LinkedHashSet<>();
        for (Pattern p : WAIT_TARGETS) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String host = m.group(1);
                if (host.matches("\\d+") || host.equals("localhost") || host.startsWith("-")) {
                    continue;
                }
                out.add(new Target(host, m.groupCount() >= 2 ? m.group(2) : null));
            }
        }
        return List.copyOf(out);
    }

    /** Check that the Service behind an in-cluster name exists and has endpoints; for outside names, DNS and egress. */
    private static Prose dependencyFix(PodView pod, Target t) {
        String[] labels = t.host().split("\\.");
        boolean inCluster = labels.length == 1 || t.host().contains(".svc") || labels.length == 2;
        if (!inCluster) {
            return Prose.of("Check that ", code(t.host()), " resolves and is reachable from namespace ", code(pod.namespace()),
                    " (DNS, egress NetworkPolicy, firewall): ",
                    code("kubectl run -n " + pod.namespace() + " dns-test --rm -it --image=busybox:1.36 --restart=Never -- nslookup " + t.host()), ".");
        }
        String svc = labels[0];
        String ns = labels.length >= 2 ? labels[1] : pod.namespace();
        return Prose.of("Check that Service ", code(svc), " exists in namespace ", code(ns), " and has ready endpoints"
                        + (t.port() == null || t.port().isEmpty() ? "" : " on port " + t.port()) + ": ", code("kubectl get service " + svc + " -n " + ns),
                " and ", code("kubectl get endpointslices -n " + ns + " -l kubernetes.io/service-name=" + svc),
                "; if the workload behind it is not running, that is the cause.");
    }

    /** Only events tell: the init container's BackOff ("failed") or a Started long ago with nothing after it ("stuck"). */
    private Optional<Finding> eventsOnly(PodView pod, ContainerView c) {
        List<Event> backoff = pod.eventsFor(c, "BackOff").stream()
                .filter(e -> ContainerRunSignatures.TABLE.says(ContainerRunSignatures.Signature.BACK_OFF, e.getMessage())).toList();
        if (!backoff.isEmpty()) {
            Instant last = EventFacts.lastSeen(backoff.get(0));
            if (last != null && pod.longerThan(last, ContainerFacts.RECENT)) {
                return Optional.empty();
            }
            int n = EventFacts.count(backoff.get(0));
            Finding.Builder b = FAILED.finding().container(c)
                    .message(Prose.of(title(c), position(pod, c), imageOf(c),
                            " keeps failing: the kubelet reports \"Back-off restarting failed container\" " + n + (n == 1 ? " time" : " times")
                                    + (last == null ? "" : ", last " + ContainerFacts.when(pod, last))
                                    + "; the app containers cannot start until it succeeds. The pod's status has no init container state, so the exit code is not known."))
                    .headline(Prose.of(title(c), " failing (Init:CrashLoopBackOff)"))
                    .evidence(PodView.evidence(backoff, 1))
                    .fix(Prose.of("Read its log: ", ContainerFacts.logsCommand(pod, c, true), "."))
                    .fix(failingStepFix(pod, c, "", "; it must exit 0 for the pod to start."));
            return Optional.of(b.build());
        }
        if (pod.conditionIs("Initialized", "True")) {
            return Optional.empty();
        }
        List<Event> started = pod.eventsFor(c, "Started");
        if (started.isEmpty()) {
            return Optional.empty();
        }
        Instant since = EventFacts.lastSeen(started.get(0));
        Duration threshold = pod.settings().initContainerStuckAfter();
        if (since == null || !pod.longerThan(since, threshold)) {
            return Optional.empty();
        }
        // a later container started after it: it finished
        boolean later = pod.allContainers().stream().filter(x -> x.order() > c.order())
                .flatMap(x -> pod.eventsFor(x, "Started", "Created", "Pulling").stream())
                .map(EventFacts::lastSeen).anyMatch(t -> t != null && t.isAfter(since));
        if (later) {
            return Optional.empty();
        }
        Finding.Builder b = stuckFinding(pod, c, since, threshold).evidence(PodView.evidence(started, 1));
        return Optional.of(b.build());
    }
}
