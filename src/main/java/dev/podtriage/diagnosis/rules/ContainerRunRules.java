package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
import static dev.podtriage.diagnosis.Prose.code;
import static dev.podtriage.diagnosis.rules.ContainerFacts.imageOf;
import static dev.podtriage.diagnosis.rules.ContainerFacts.node;
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
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Running containers that end: OOM kills, crash loops, containers that exit 0 under
 * {@code restartPolicy: Always}, and containers of an ended pod that exited non-zero.
 * <p>
 * What is "current" is decided by {@link ContainerFacts#recency}: a container waiting in
 * CrashLoopBackOff or terminated now is failing; one that runs again counts when its previous
 * instance ended within 10 minutes (an hour for OOM kills); a restart long ago is history, not a
 * finding. Start failures (127/126, StartError) belong to {@link ContainerStartRules}, probe kills
 * to {@link ProbeRules}, a pod ended by eviction, node loss or deadline to the lifecycle family.
 */
public final class ContainerRunRules implements RuleFamily {

    public static final RuleDefinition OOM_KILLED = CatalogEntries.define(RuleId.CONTAINER_OOM_KILLED,
            "Last (or current) termination with reason OOMKilled. Within the last hour a container that runs and is Ready "
                    + "again still gets a warning; older kills are history.");
    public static final RuleDefinition CRASH_LOOP = CatalogEntries.define(RuleId.CONTAINER_CRASH_LOOP,
            ContainerRunSignatures.detection(RuleId.CONTAINER_CRASH_LOOP,
                    "CrashLoopBackOff, or a non-zero termination within the last 10 minutes, that no more specific rule "
                            + "(OOM, probe kill, start failure) explains; exit code, termination message and previous log are quoted. "
                            + "With no termination known, the waiting message or the kubelet's recent BackOff event reads",
                    "The exit code is then said to be unknown."));
    public static final RuleDefinition EXIT_ZERO = CatalogEntries.define(RuleId.CONTAINER_EXIT_ZERO_RESTARTING,
            "Last termination reason Completed with exit code 0, restartPolicy Always (or a sidecar), restarted and recent.");
    public static final RuleDefinition TERMINATED_ERROR = CatalogEntries.define(RuleId.CONTAINER_TERMINATED_ERROR,
            "Current terminated state with a non-zero exit code in a pod with restartPolicy Never or phase Failed.");

    /** "dial tcp 10.96.0.12:5432: connect: connection refused", "lookup postgres on 10.96.0.10:53: no such host". */
    // linear on any text (issue 8): a host starts where a run of host characters starts, and every run is bounded
    private static final Pattern REFUSED = Pattern.compile("dial tcp ((?:\\[[^]\\s]{1,64}]|[\\w.-]{1,253}+):\\d{1,5}): connect: connection refused|"
            + "(?<![\\w.-])([\\w.-]{1,253}+:\\d{1,5}+)[^\\n]{0,40}?[Cc]onnection refused"
            + "|connect to ([\\w.-]{1,253}+(?::\\d{1,5}+)?+)[^\\n]{0,60}?(?:refused|failed|timed out)");
    private static final Pattern NO_HOST = Pattern.compile("lookup ([\\w.-]{1,253})(?: on [\\d.:]{1,64})?: no such host|"
            + "(?:could not translate host name|Unknown host|UnknownHostException:?) \"?([\\w.-]+)\"?");

    @Override
    public List<RuleDefinition> rules() {
        return List.of(OOM_KILLED, CRASH_LOOP, EXIT_ZERO, TERMINATED_ERROR);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        if (ContainerFacts.explainedAtPodLevel(pod) || pod.phase().equals("Succeeded")) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (ContainerView c : pod.allContainers()) {
            if (ContainerClaims.standard().claimedBefore(Stage.RUN, pod, c)) {
                continue;
            }
            Optional<Finding> f = c.status() == null ? Optional.empty() : diagnose(pod, c);
            if (f.isEmpty() && (!c.init() || c.sidecar()) && ContainerFacts.latestTermination(c).isEmpty()) {
                f = crashWithoutExit(pod, c);
            }
            f.ifPresent(findings::add);
        }
        return findings;
    }

    private Optional<Finding> diagnose(PodView pod, ContainerView c) {
        Optional<ContainerStateTerminated> latest = ContainerFacts.latestTermination(c);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        ContainerStateTerminated t = latest.get();
        String reason = ContainerFacts.reason(t);
        int code = ContainerFacts.exitCode(t);
        boolean backingOff = c.waitingReason().equals("CrashLoopBackOff");
        // the runtime lost the container (node reboot, eviction clean-up): not something the app did
        if ((reason.equals("ContainerStatusUnknown") || reason.equals("Unknown")) && !backingOff) {
            return Optional.empty();
        }
        if (ContainerClaims.standard().terminatedBefore(Stage.RUN, reason)) {
            return Optional.empty();
        }
        // a pod being deleted: its containers were stopped by the deletion
        if (pod.deletionTimestamp().isPresent() && c.terminated().isPresent() && (code == 137 || code == 143 || code == 0)) {
            return Optional.empty();
        }
        if (ContainerClaims.standard().claimedAt(Stage.PROBE, pod, c)) {
            return Optional.empty();
        }
        if (reason.equals("OOMKilled")) {
            Recency r = ContainerFacts.recency(pod, c, ContainerFacts.OOM_RECENT);
            return r == Recency.OLD ? Optional.empty() : Optional.of(oomKilled(pod, c, t, r));
        }
        if (c.init() && !c.sidecar()) {
            return Optional.empty(); // InitContainerRules
        }
        boolean ended = c.terminated().isPresent() && (pod.restartPolicy().equals("Never") || pod.phase().equals("Failed")) && !c.sidecar();
        if (code == 0) {
            boolean restarts = c.sidecar() || pod.restartPolicy().equals("Always");
            if (!restarts || (c.restartCount() == 0 && !backingOff)) {
                return Optional.empty();
            }
            Recency r = ContainerFacts.recency(pod, c, ContainerFacts.RECENT);
            return r == Recency.OLD ? Optional.empty() : Optional.of(exitZero(pod, c, t, r));
        }
        if (ended) {
            return Optional.of(terminatedError(pod, c, t));
        }
        if (c.terminated().isPresent() && (pod.restartPolicy().equals("Never") || pod.phase().equals("Failed"))) {
            return Optional.empty(); // a sidecar stopped when its pod ended
        }
        Recency r = ContainerFacts.recency(pod, c, ContainerFacts.RECENT);
        return r == Recency.OLD ? Optional.empty() : Optional.of(crashLoop(pod, c, t, r));
    }

    // ------------------------------------------------------------------ OOM

    private Finding oomKilled(PodView pod, ContainerView c, ContainerStateTerminated t, Recency r) {
        Optional<String> limit = ContainerFacts.memoryLimit(c);
        Instant at = ContainerFacts.terminatedAt(c).orElse(null);
        String field = c.specPath() + ".resources.limits.memory";
        Prose cause = limit.map(l -> Prose.of("killed at its " + l + " memory limit; raise ", code("resources.limits.memory"), "."))
                .orElse(Prose.of("it has no memory limit, so the kernel killed it because ", node(pod),
                        " ran out of memory (node memory pressure); no namespace LimitRange gave it a default limit either."));
        Prose msg = Prose.of(title(c), imageOf(c), " was OOMKilled (exit code " + t.getExitCode() + ")",
                at == null ? "" : " " + ContainerFacts.when(pod, at), ": ", cause, " ", state(pod, c, r));
        Finding.Builder b = OOM_KILLED.finding().container(c).severity(ContainerFacts.severity(c, r), ContainerFacts.recoveringReason(c)).message(msg)
                .headline(Prose.of(title(c), " OOMKilled" + limit.map(l -> " at its " + l + " memory limit").orElse(" (no memory limit)")));
        c.waitingEvidence().ifPresent(b::evidence);
        ContainerFacts.latestTerminationEvidence(c).ifPresent(b::evidence);
        b.evidence(Evidence.spec(field, limit.orElse("not set")));
        b.evidence(PodView.evidence(pod.eventsFor(c, "BackOff"), 1));
        pod.previousLog(c).ifPresent(l -> b.evidence(Evidence.log(c.name(), l)));
        if (limit.isPresent()) {
            b.fix(Prose.of("Raise ", code(field), " from " + limit.get() + " (e.g. to " + ContainerFacts.doubled(limit.get()) + ") in the pod template",
                    pod.ownerHint(), ", and set ", code("requests.memory"), " to the container's steady-state use."));
            b.fix(Prose.of("Measure the real use before the next kill: ", code("kubectl top pod -n " + pod.namespace() + " " + pod.name() + " --containers"),
                    "; a use that keeps growing until the limit is a leak to fix in the application, not a limit to raise."));
        } else {
            b.fix(Prose.of("Set ", code(c.specPath() + ".resources.requests.memory"), " and ", code(".limits.memory"), pod.ownerHint(),
                    " so the scheduler reserves memory for it and it is killed at its own limit instead of starving ", node(pod), "."));
            b.fix(Prose.of("Check the memory of ", node(pod), ": ", code("kubectl describe node " + (pod.nodeName() == null ? "<node>" : pod.nodeName())),
                    " (MemoryPressure, allocated requests) and ", code("kubectl top node"), "."));
            b.fix(Prose.of("Give namespace ", code(pod.namespace()),
                    " a LimitRange with a default memory request and limit, so containers without one get sane values."));
        }
        if (containsAny(c.image(), "java", "jdk", "jre", "temurin", "corretto", "spring", "tomcat", "jboss", "wildfly", "quarkus", "kafka", "elasticsearch")) {
            b.fix(Prose.of("For a JVM, size the heap below the limit (e.g. ", code("-XX:MaxRAMPercentage=75"), " in ", code("JAVA_TOOL_OPTIONS"),
                    "): heap, metaspace, threads and direct buffers all count."));
        }
        return b.build();
    }

    /** "It has restarted 5 times and is in CrashLoopBackOff." and the like. */
    private static String state(PodView pod, ContainerView c, Recency r) {
        if (c.terminated().isPresent()) {
            return pod.restartPolicy().equals("Always") && !pod.phase().equals("Failed")
                    ? "It is terminated and will be restarted (restart " + c.restartCount() + ")."
                    : "It will not be restarted (restartPolicy " + pod.restartPolicy() + "): the pod has ended " + (pod.phase().isEmpty() ? "" : pod.phase()) + ".";
        }
        String restarts = "It has restarted " + c.restartCount() + (c.restartCount() == 1 ? " time" : " times");
        if (c.waitingReason().equals("CrashLoopBackOff")) {
            return restarts + " and is in CrashLoopBackOff.";
        }
        if (r == Recency.RECOVERING) {
            return restarts + " and runs again (Ready), but will end the same way if nothing changes.";
        }
        return restarts + " and runs again" + (c.ready() ? "" : ", not Ready") + ".";
    }

    // ------------------------------------------------------------------ crash loop

    private Finding crashLoop(PodView pod, ContainerView c, ContainerStateTerminated t, Recency r) {
        int code = ContainerFacts.exitCode(t);
        Instant at = ContainerFacts.terminatedAt(c).orElse(null);
        Optional<String> termination = ContainerFacts.terminationMessage(t);
        Optional<String> log = pod.previousLog(c);
        boolean hasLiveness = c.spec() != null && c.spec().getLivenessProbe() != null;
        Prose msg = Prose.of(title(c), imageOf(c), " keeps crashing: it exited with ", ContainerFacts.exitWithMeaning(code, t.getSignal()),
                at == null ? "" : " " + ContainerFacts.when(pod, at), ". ", state(pod, c, r),
                ContainerFacts.quotedTermination(termination), ContainerFacts.quotedLastLine(log),
                (code == 137 || code == 143) && hasLiveness
                        ? " It has a liveness probe, and a kill after failed probes ends this way; the probe's events have expired, so this is not confirmed."
                        : "");
        Finding.Builder b = CRASH_LOOP.finding().container(c).severity(ContainerFacts.severity(c, r), ContainerFacts.recoveringReason(c)).message(msg)
                .headline(Prose.of(title(c), " crash-looping: ", ContainerFacts.exitWithMeaning(code, t.getSignal())));
        c.waitingEvidence().ifPresent(b::evidence);
        ContainerFacts.latestTerminationEvidence(c).ifPresent(b::evidence);
        b.evidence(PodView.evidence(pod.eventsFor(c, "BackOff"), 1));
        log.ifPresent(l -> b.evidence(Evidence.log(c.name(), l)));
        String text = termination.orElse("") + "\n" + log.orElse("");
        dependencyFix(pod, text).ifPresent(b::fix);
        b.fix(switch (code) {
            case 137 -> Prose.of("Find what sent SIGKILL: it was not the OOM killer (reason " + ContainerFacts.reason(t) + "); look for probe kills in ",
                    code("kubectl get events -n " + pod.namespace() + " --field-selector involvedObject.name=" + pod.name()),
                    " and for a memory limit hit by a child process ("
                            + ContainerFacts.memoryLimit(c).map(l -> "limit " + l).orElse("no memory limit set") + ").");
            case 139 -> Prose.of("A segmentation fault is a native crash: check native libraries and their versions in image ", q(String.valueOf(c.image())),
                    " (musl vs glibc, a library built for another CPU), and get a core dump or stack trace from the log.");
            case 143 -> Prose.words("Something asked the process to stop (SIGTERM): a probe kill, a preStop/supervisor in the image, or the app stopping itself; "
                    + "read the log around the stop.");
            case 134 -> Prose.words("The process aborted (SIGABRT): look for the assertion or fatal error at the end of its log.");
            case 2 -> Prose.of("Exit code 2 usually means a wrong argument or option: check ", code(c.specPath() + ".command"), "/", code("args"),
                    ContainerFacts.commandAside(c), " against the program's usage.");
            default -> Prose.of("Fix the error " + (termination.isPresent() || log.isPresent() ? "quoted above" : "that its log shows")
                    + ", in the application or in what the pod template", pod.ownerHint(), " gives it: command", ContainerFacts.commandAside(c),
                    ", env, mounted config.");
        });
        b.fix(Prose.of("Read the crashed instance's log: ", ContainerFacts.logsCommand(pod, c, true), "."));
        if (termination.isEmpty() && c.spec() != null && !"FallbackToLogsOnError".equals(c.spec().getTerminationMessagePolicy())) {
            b.fix(Prose.of("Set ", code(c.specPath() + ".terminationMessagePolicy: FallbackToLogsOnError"),
                    " so the last log lines of the next crash appear in the pod status."));
        }
        return b.build();
    }

    /** The app could not reach a host it needs: name it. */
    private static Optional<Prose> dependencyFix(PodView pod, String text) {
        Matcher h = NO_HOST.matcher(text);
        if (h.find()) {
            String host = h.group(1) != null ? h.group(1) : h.group(2);
            String[] labels = host.split("\\.");
            String ns = labels.length == 2 && !host.contains(".svc") ? labels[1] : pod.namespace();
            return Optional.of(Prose.of("The app cannot resolve ", code(host), ": check the name, and that Service ", code(labels[0]), " exists (",
                    code("kubectl get service " + labels[0] + " -n " + ns), ")."));
        }
        Matcher m = REFUSED.matcher(text);
        if (m.find()) {
            String target = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            return Optional.of(Prose.of("The app cannot connect to ", q(target.length() > 80 ? target.substring(0, 80) : target),
                    ": check that this dependency is up and has ready endpoints (", code("kubectl get endpointslices -n " + pod.namespace()),
                    "), and that no NetworkPolicy blocks it."));
        }
        return Optional.empty();
    }

    /**
     * A crash loop whose exit is not known: the status says CrashLoopBackOff without a last termination
     * (a trimmed status), or only the kubelet's recent BackOff events tell (no container state at all).
     */
    private Optional<Finding> crashWithoutExit(PodView pod, ContainerView c) {
        List<Event> backoff = pod.eventsFor(c, "BackOff").stream()
                .filter(e -> ContainerRunSignatures.TABLE.says(ContainerRunSignatures.Signature.BACK_OFF, e.getMessage())).toList();
        boolean waiting = c.waitingReason().equals("CrashLoopBackOff");
        Instant last = backoff.isEmpty() ? null : EventFacts.lastSeen(backoff.get(0));
        if (!waiting && (backoff.isEmpty() || c.running().isPresent() || c.terminated().isPresent()
                || last != null && pod.longerThan(last, ContainerFacts.RECENT))) {
            return Optional.empty();
        }
        int n = backoff.isEmpty() ? 0 : EventFacts.count(backoff.get(0));
        String seen = waiting
                ? " is in CrashLoopBackOff after " + c.restartCount() + (c.restartCount() == 1 ? " restart" : " restarts")
                + ": it keeps exiting and the kubelet waits longer before each restart. The status keeps no last termination (lastState)"
                + (backoff.isEmpty() ? " and no event of it is left" : "") + ", so the exit code is not known."
                : " keeps crashing: the kubelet reports \"Back-off restarting failed container\" " + n + (n == 1 ? " time" : " times")
                + (last == null ? "" : ", last " + ContainerFacts.when(pod, last)) + ". The pod's status has no container state, so the exit code is not known.";
        Finding.Builder b = CRASH_LOOP.finding().container(c)
                .message(Prose.of(title(c), imageOf(c), seen))
                .headline(Prose.of(title(c), " crash-looping (exit code unknown)"))
                .evidence(PodView.evidence(backoff, 1))
                .evidence(PodView.evidence(pod.eventsFor(c, "Started", "Created"), 1));
        c.waitingEvidence().ifPresent(b::evidence);
        if (waiting) {
            b.evidence(Evidence.status(c.statusPath() + ".restartCount", null, String.valueOf(c.restartCount())));
        }
        pod.previousLog(c).ifPresent(l -> b.evidence(Evidence.log(c.name(), l)));
        b.fix(Prose.of("See the exit code and reason: ", code("kubectl get pod -n " + pod.namespace() + " " + pod.name()
                + " -o jsonpath='{.status.containerStatuses[?(@.name==\"" + c.name() + "\")].lastState}'"), "."));
        b.fix(Prose.of("Read the crashed instance's log: ", ContainerFacts.logsCommand(pod, c, true), " (", code("--previous"),
                " shows the output of the instance that exited, not of the current attempt; its last lines usually name the error, and the exit code is in ",
                code("lastState.terminated.exitCode"), ")."));
        return Optional.of(b.build());
    }

    // ------------------------------------------------------------------ exit 0

    private Finding exitZero(PodView pod, ContainerView c, ContainerStateTerminated t, Recency r) {
        Optional<String> cmd = ContainerFacts.commandLine(c);
        Prose msg = Prose.of(title(c), imageOf(c), " exits with code 0 (" + (ContainerFacts.reason(t).isEmpty() ? "Completed" : ContainerFacts.reason(t))
                        + ") and " + (c.sidecar() ? "as a sidecar (restartPolicy Always) it is restarted" : "restartPolicy Always restarts it")
                        + ". " + state(pod, c, r) + " ",
                cmd.map(x -> Prose.of("Its command ", code(x), " finishes")).orElse(Prose.words("The image's default command finishes")),
                " instead of running a long-lived process.");
        Finding.Builder b = EXIT_ZERO.finding().container(c).severity(ContainerFacts.severity(c, r), ContainerFacts.recoveringReason(c)).message(msg)
                .headline(Prose.of(title(c), " exits 0 and is restarted in a loop (restartPolicy Always)"));
        c.waitingEvidence().ifPresent(b::evidence);
        ContainerFacts.latestTerminationEvidence(c).ifPresent(b::evidence);
        b.evidence(Evidence.spec("spec.restartPolicy", pod.restartPolicy()));
        b.evidence(PodView.evidence(pod.eventsFor(c, "BackOff"), 1));
        cmd.ifPresent(x -> b.evidence(Evidence.spec(c.specPath() + ".command", x)));
        pod.workload().ifPresentOrElse(o -> {
            if (!o.is(WorkloadKind.JOB) && !"CronJob".equals(o.kind())) {
                b.fix(Prose.of("If ", code(c.name()), " is a one-off task, run it as a Job (", code("restartPolicy: OnFailure"),
                        ") or a CronJob instead of " + o.kind() + " ", code(o.name()), "."));
            }
        }, () -> b.fix(Prose.of("If ", code(c.name()), " is a one-off task, set ", code("spec.restartPolicy: OnFailure"), " (or ", code("Never"),
                ") on the pod, or run it as a Job.")));
        b.fix(Prose.of("If it should keep running, keep its main process in the foreground: ", code(c.specPath() + ".command"),
                ContainerFacts.commandAside(c), " must not exit — no trailing ", code("&"), ", no daemon mode (e.g. ", code("nginx -g 'daemon off;'"),
                ", ", code("--foreground"), ")",
                cmd.isEmpty() && c.image() != null ? Prose.of("; image ", code(c.image()), " may need a command, its default one ends") : "", "."));
        return b.build();
    }

    // ------------------------------------------------------------------ ended pod

    private Finding terminatedError(PodView pod, ContainerView c, ContainerStateTerminated t) {
        int code = ContainerFacts.exitCode(t);
        Instant at = Timestamps.parse(t.getFinishedAt());
        Optional<String> termination = ContainerFacts.terminationMessage(t);
        Optional<String> log = pod.previousLog(c);
        Prose msg = Prose.of(title(c), imageOf(c), pod.ownerHint(), " exited with ", ContainerFacts.exitWithMeaning(code, t.getSignal()),
                (at == null ? "" : " " + ContainerFacts.when(pod, at)) + " and will not be restarted (restartPolicy " + pod.restartPolicy() + ")"
                        + (pod.phase().equals("Failed") ? ": the pod has ended Failed." : "."),
                ContainerFacts.quotedTermination(termination), ContainerFacts.quotedLastLine(log));
        Finding.Builder b = TERMINATED_ERROR.finding().container(c).message(msg)
                .headline(Prose.of(title(c), " ended with ", ContainerFacts.exitWithMeaning(code, t.getSignal())));
        c.terminatedEvidence().ifPresent(b::evidence);
        pod.condition("Ready").ifPresent(x -> b.evidence(Evidence.status("status.phase", pod.phase(), x.getMessage())));
        log.ifPresent(l -> b.evidence(Evidence.log(c.name(), l)));
        String text = termination.orElse("") + "\n" + log.orElse("");
        dependencyFix(pod, text).ifPresent(b::fix);
        b.fix(Prose.of("Read its log: ", ContainerFacts.logsCommand(pod, c, false), ", and fix the error in the application or its input (command",
                ContainerFacts.commandLine(c).map(x -> Prose.of(" ", code(x))).orElse(Prose.EMPTY), ", env, mounted config)."));
        pod.workload().filter(o -> o.is(WorkloadKind.JOB)).ifPresentOrElse(
                o -> b.fix(Prose.of("Job ", code(o.name()), " retries with a new pod until its backoffLimit: ",
                        code("kubectl describe job " + o.name() + " -n " + pod.namespace()), " shows how many attempts are left; re-run it after the fix.")),
                () -> b.fix(Prose.of("The pod stays Failed: delete and re-create it after the fix", pod.ownerHint(), ".")));
        if (termination.isEmpty() && c.spec() != null && !"FallbackToLogsOnError".equals(c.spec().getTerminationMessagePolicy())) {
            b.fix(Prose.of("Set ", code(c.specPath() + ".terminationMessagePolicy: FallbackToLogsOnError"),
                    " so the last log lines appear in the pod status next time."));
        }
        return b.build();
    }
}
