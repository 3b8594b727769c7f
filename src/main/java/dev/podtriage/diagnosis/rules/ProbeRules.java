package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Prose.code;
import static dev.podtriage.diagnosis.rules.ContainerFacts.title;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.Timestamps;
import dev.podtriage.diagnosis.rules.ContainerFacts.Recency;
import dev.podtriage.diagnosis.rules.ContainerRunSignatures.Signature;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Probes: the kubelet kills a container whose liveness or startup probe fails (events
 * {@code Unhealthy} "Liveness probe failed: …" and {@code Killing} "Container c failed liveness
 * probe, will be restarted"), and keeps a container whose readiness probe fails out of its
 * Services (running, not ready). Findings name the probe (type, path, port, timings) and suggest
 * changes that fit the failure: a startupProbe when the app is killed while it starts, a longer
 * timeout when it answers too slowly, the right port or path.
 */
public final class ProbeRules implements RuleFamily, ContainerClaimant {
    /** Unready for less than this is "one probe failing briefly" (rules.md): a warning, not critical. */
    static final Duration BRIEFLY = Duration.ofMinutes(5);

    public static final RuleDefinition LIVENESS = CatalogEntries.define(RuleId.LIVENESS_PROBE_FAILED,
            ContainerRunSignatures.detection(RuleId.LIVENESS_PROBE_FAILED,
                    "Events Unhealthy (probe type Liveness) and Killing of the container, with its last termination (exit 137/143) "
                            + "at that time; the kubelet's texts read",
                    "The failure's text chooses the fix (timeout, port, path, status)."));
    public static final RuleDefinition STARTUP = CatalogEntries.define(RuleId.STARTUP_PROBE_FAILED,
            ContainerRunSignatures.detection(RuleId.STARTUP_PROBE_FAILED,
                    "Events Unhealthy (probe type Startup) and Killing of the container; the kubelet's texts read",
                    "With every probe event expired, a SIGTERM/SIGKILL at the startup probe's budget is read as its kill (and said to be inferred)."));
    public static final RuleDefinition READINESS = CatalogEntries.define(RuleId.READINESS_PROBE_FAILED,
            ContainerRunSignatures.detection(RuleId.READINESS_PROBE_FAILED,
                    "Container running and not ready, with Unhealthy events (probe type Readiness); the kubelet's texts read",
                    "Once they expired: a readiness probe declared and the container unready for longer than the probe needs."));

    /** What this family owns: no container reason (a probe kill ends as Error or Completed), the kubelet's probe events. */
    static final Claims CLAIMS = new Claims(Stage.PROBE, Set.of(), Set.of(), Set.of("Killing", "Unhealthy"));

    @Override
    public Claims claims() {
        return CLAIMS;
    }

    /** A container whose latest termination is a liveness or startup probe's kill is this family's, not a crash. */
    @Override
    public boolean claims(PodView pod, ContainerView c) {
        return probeKill(pod, c).isPresent();
    }

    @Override
    public List<RuleDefinition> rules() {
        return List.of(LIVENESS, STARTUP, READINESS);
    }

    /** A kill of the container by the kubelet because its liveness or startup probe failed. */
    record Kill(boolean startup, List<Event> killing, List<Event> failures, Instant lastKill) {
    }

    /**
     * Whether the container's latest termination (or an ongoing kill) was the kubelet acting on a
     * failed liveness or startup probe. An OOM kill is not (the OOM is the cause; slow probes are its
     * symptom), nor a termination that came well after the last probe kill.
     */
    private static Optional<Kill> probeKill(PodView pod, ContainerView c) {
        List<Event> killing = pod.eventsFor(c, "Killing").stream()
                .filter(e -> ContainerRunSignatures.TABLE.first(ProbeRules::kill, e.getMessage()).isPresent()).toList();
        Optional<ContainerStateTerminated> t = ContainerFacts.latestTermination(c);
        if (t.isPresent() && ContainerFacts.reason(t.get()).equals("OOMKilled")) {
            return Optional.empty();
        }
        Instant terminatedAt = ContainerFacts.terminatedAt(c).orElse(null);
        Duration slack = Duration.ofSeconds(grace(pod) + 120);
        List<Event> unhealthy = pod.eventsFor(c, "Unhealthy");
        if (killing.isEmpty()) {
            // Killing events may be gone while Unhealthy ones (refreshed at every failure) remain
            if (t.isEmpty() || c.restartCount() == 0 || terminatedAt == null) {
                return Optional.empty();
            }
            int code = ContainerFacts.exitCode(t.get());
            if (code != 137 && code != 143 && !ContainerFacts.reason(t.get()).equals("Error")) {
                return Optional.empty();
            }
            for (boolean startup : new boolean[] {false, true}) {
                List<Event> f = failures(unhealthy, startup ? "Startup" : "Liveness");
                Probe p = probe(c, startup ? "startup" : "liveness");
                if (!f.isEmpty() && p != null && EventFacts.count(f.get(0)) >= or(p.getFailureThreshold(), 3)
                        && near(EventFacts.lastSeen(f.get(0)), terminatedAt, slack)) {
                    return Optional.of(new Kill(startup, List.of(), f, terminatedAt));
                }
            }
            return unhealthy.isEmpty() ? inferredStartupKill(pod, c, t.get(), code, terminatedAt) : Optional.empty();
        }
        Instant lastKill = EventFacts.lastSeen(killing.get(0));
        if (terminatedAt != null && lastKill != null && terminatedAt.isAfter(lastKill.plus(slack))) {
            return Optional.empty();
        }
        boolean startup = ContainerRunSignatures.TABLE.says(Signature.STARTUP_KILL, killing.get(0).getMessage());
        return Optional.of(new Kill(startup, killing, failures(unhealthy, startup ? "Startup" : "Liveness"), lastKill));
    }

    /**
     * With all probe events expired: a container that never got past its startup probe is stopped
     * (SIGTERM, or SIGKILL after the grace period) just when the startup probe's budget runs out. A
     * SIGTERM/SIGKILL at that very age of the instance is read as a startup probe kill; the message says
     * that it is inferred. A liveness probe only runs once the startup probe succeeded, so it rarely
     * kills at that age.
     */
    private static Optional<Kill> inferredStartupKill(PodView pod, ContainerView c, ContainerStateTerminated t, int code, Instant terminatedAt) {
        Probe p = probe(c, "startup");
        Optional<Long> life = lifetime(c);
        if (p == null || life.isEmpty() || code != 137 && code != 143 || !List.of("Error", "").contains(ContainerFacts.reason(t))) {
            return Optional.empty();
        }
        long lowest = budget(p) - or(p.getPeriodSeconds(), 10);
        long highest = budget(p) + or(p.getTimeoutSeconds(), 1) + grace(pod) + 15;
        return life.get() >= lowest && life.get() <= highest ? Optional.of(new Kill(true, List.of(), List.of(), terminatedAt)) : Optional.empty();
    }

    /** The Unhealthy events of one probe type ({@code Liveness probe failed: …}, {@code … probe errored: …}). */
    private static boolean kill(Signature s) {
        return s == Signature.LIVENESS_KILL || s == Signature.STARTUP_KILL;
    }

    private static List<Event> failures(List<Event> unhealthy, String kind) {
        return unhealthy.stream().filter(e -> ContainerRunSignatures.TABLE.first(s -> s == Signature.FAILED || s == Signature.ERRORED, e.getMessage())
                .map(h -> kind.equalsIgnoreCase(h.get("probe"))).orElse(false)).toList();
    }

    private static boolean near(Instant a, Instant b, Duration slack) {
        return a == null || b == null || Duration.between(a, b).abs().compareTo(slack) <= 0;
    }

    private static final long MAX_GRACE_SECONDS = Duration.ofDays(365).getSeconds();

    private static long grace(PodView pod) {
        Long g = pod.spec().getTerminationGracePeriodSeconds();
        // bounded: a negative or absurd value must not overflow the time arithmetic it feeds
        return g == null ? 30 : Math.max(0, Math.min(g, MAX_GRACE_SECONDS));
    }

    @Override
    public List<Finding> detect(PodView pod) {
        if (ContainerFacts.explainedAtPodLevel(pod) || pod.phase().equals("Succeeded")) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (ContainerView c : pod.allContainers()) {
            if (c.init() && !c.sidecar() || ContainerClaims.standard().claimedBefore(Stage.PROBE, pod, c)) {
                continue;
            }
            Optional<Kill> kill = probeKill(pod, c);
            if (kill.isPresent()) {
                findings.add(killed(pod, c, kill.get()));
            } else {
                readiness(pod, c).ifPresent(findings::add);
            }
        }
        return findings;
    }

    private Finding killed(PodView pod, ContainerView c, Kill kill) {
        String kind = kill.startup() ? "startup" : "liveness";
        Probe p = probe(c, kind);
        Prose check = p == null ? Prose.words(kind + " probe") : describe(c, p);
        Prose brief = p == null ? Prose.words(kind + " probe") : check(c, p, false);
        int kills = kill.killing().stream().mapToInt(EventFacts::count).sum();
        String times = kills > 0 ? kills + (kills == 1 ? " time" : " times") : "repeatedly (restart " + c.restartCount() + ")";
        Optional<String> lastFailure = kill.failures().stream().findFirst().map(e -> detail(e.getMessage()));
        boolean ongoing = c.waitingReason().equals("CrashLoopBackOff") || c.terminated().isPresent() || !c.ready()
                || (kill.lastKill() != null && !pod.longerThan(kill.lastKill(), ContainerFacts.RECENT));
        Optional<Long> lifetime = lifetime(c);
        Finding.Builder b = (kill.startup() ? STARTUP : LIVENESS).finding().container(c)
                .severity(ongoing && !c.ready() ? Severity.CRITICAL : Severity.WARNING, ContainerFacts.recoveringReason(c));
        boolean inferred = kill.killing().isEmpty() && kill.failures().isEmpty();
        List<Object> msg = new ArrayList<>(List.of(inferred ? "The kubelet most likely killed " : "The kubelet killed ", c.kind() + " ", code(c.name()),
                " " + times + " because its " + kind + " probe "));
        if (kill.startup() && p != null) {
            msg.add("did not succeed within failureThreshold × periodSeconds = " + budget(p) + "s: ");
        } else {
            msg.add("failed: ");
        }
        msg.add(check.then("."));
        lastFailure.ifPresent(f -> msg.add(Prose.of(" Last failure: ", code(f), ".")));
        if (inferred && lifetime.isPresent() && p != null) {
            int code = ContainerFacts.latestTermination(c).map(ContainerFacts::exitCode).orElse(0);
            // exitWithMeaning is the engine's own Markdown (a code span for `kill -9`), not cluster text
            msg.add(Prose.of(" The probe's events have expired, so this is inferred from the status: the last instance ran " + lifetime.get()
                    + "s, just the startup probe's budget of " + budget(p) + "s, and ended with ",
                    ContainerFacts.exitWithMeaning(code, null), ", as a startup probe kill does."));
        }
        String failure = kill.failures().stream().findFirst().map(Event::getMessage).orElse("");
        // the killed instance lived no longer than the probe needs to give up: the probe never succeeded in it
        boolean neverPassed = !kill.startup() && p != null && lifetime.isPresent()
                && lifetime.get() <= or(p.getInitialDelaySeconds(), 0) + (long) or(p.getPeriodSeconds(), 10) * or(p.getFailureThreshold(), 3)
                + or(p.getTimeoutSeconds(), 1) + grace(pod) + 15;
        // ... because the app was still starting (nothing listening yet, too slow, 503), not because the probe is wrong
        boolean duringStartup = neverPassed && probe(c, "startup") == null && portMismatch(c, p).isEmpty()
                && (failure.isBlank() || ContainerRunSignatures.TABLE.first(s -> s == Signature.REFUSED || s == Signature.TIMEOUT
                || s == Signature.RESET, failure).isPresent() || httpStatus(failure).filter("503"::equals).isPresent());
        if (neverPassed && !duringStartup) {
            msg.add(" The killed instance ran only " + lifetime.get() + "s: the probe never succeeded in it, so the check itself "
                    + "(its port, path or command) is the first suspect.");
        }
        if (duringStartup) {
            msg.add(" The killed instance ran only " + lifetime.get() + "s, about initialDelaySeconds + failureThreshold × periodSeconds ("
                    + (or(p.getInitialDelaySeconds(), 0) + or(p.getPeriodSeconds(), 10) * or(p.getFailureThreshold(), 3))
                    + "s): the app is killed while it is still starting.");
        }
        portMismatch(c, p).ifPresent(m -> msg.add(" " + m));
        b.message(Prose.of(msg.toArray())).headline(Prose.of(title(c), " killed by its failing " + kind + " probe (", brief, ")"));
        c.waitingEvidence().ifPresent(b::evidence);
        ContainerFacts.latestTerminationEvidence(c).ifPresent(b::evidence);
        b.evidence(PodView.evidence(kill.killing(), 1));
        b.evidence(PodView.evidence(kill.failures(), 2));
        if (p != null) {
            b.evidence(Evidence.spec(c.specPath() + "." + kind + "Probe", check.plain()));
        }
        if (duringStartup) {
            b.fix(Prose.of("Add a ", code("startupProbe"), " to ", code(c.specPath()), pod.ownerHint(), " with the same check (", brief, "), ",
                    code("periodSeconds: 10"), " and ", code("failureThreshold: 30"),
                    " (up to 300s to start); the liveness probe only runs once it has succeeded."));
            b.fix(Prose.of("Or raise ", field(c, kind, ".initialDelaySeconds"), " from " + or(p.getInitialDelaySeconds(), 0)
                    + " to more than the app's start-up time (the killed instance ran " + lifetime.get() + "s)."));
        }
        if (kill.startup() && p != null) {
            b.fix(Prose.of("If the app needs more than " + budget(p) + "s to start, raise ", field(c, kind, ".failureThreshold"),
                    " from " + or(p.getFailureThreshold(), 3) + " (e.g. to " + or(p.getFailureThreshold(), 3) * 2 + ")", pod.ownerHint(), "."));
        }
        failureFixes(pod, c, p, kind, failure, duringStartup).forEach(b::fix);
        if (!kill.startup() && p != null && !neverPassed) {
            b.fix(Prose.of("If the app has short pauses (GC, load spikes) that are not real failures, raise ", field(c, kind, ".failureThreshold"),
                    " from " + or(p.getFailureThreshold(), 3) + " or ", code("periodSeconds"), " from " + or(p.getPeriodSeconds(), 10) + "."));
        }
        b.fix(Prose.of("Read what the app logged before it was killed: ", ContainerFacts.logsCommand(pod, c, true), "."));
        return b.build();
    }

    /** A field of the container's probe of that kind, as code: {@code spec.containers[app].livenessProbe.timeoutSeconds}. */
    private static Prose field(ContainerView c, String kind, String subfield) {
        return code(c.specPath() + "." + kind + "Probe" + subfield);
    }

    private Optional<Finding> readiness(PodView pod, ContainerView c) {
        // a pod being deleted turns unready on purpose
        if (!pod.phase().equals("Running") || pod.deletionTimestamp().isPresent() || c.running().isEmpty() || c.ready() || c.status() == null
                || Boolean.FALSE.equals(c.status().getStarted())
                || ContainerFacts.recency(pod, c, ContainerFacts.RECENT) != Recency.OLD && ContainerFacts.latestTermination(c).isPresent()) {
            return Optional.empty();
        }
        Probe p = probe(c, "readiness");
        List<Event> failures = failures(pod.eventsFor(c, "Unhealthy"), "Readiness");
        Prose check = p == null ? Prose.words("readiness probe") : describe(c, p);
        Finding.Builder b = READINESS.finding().container(c);
        List<Object> msg = new ArrayList<>(List.of(title(c), " runs but is not Ready: its readiness probe (", check, ") "));
        if (!failures.isEmpty()) {
            int n = failures.stream().mapToInt(EventFacts::count).sum();
            Instant last = EventFacts.lastSeen(failures.get(0));
            msg.add("failed " + n + (n == 1 ? " time" : " times") + (last == null ? "" : ", last " + ContainerFacts.when(pod, last)) + ": ");
            msg.add(code(detail(failures.get(0).getMessage())).then("."));
        } else {
            if (p == null) {
                return Optional.empty();
            }
            Instant since = c.running().map(r -> Timestamps.parse(r.getStartedAt())).orElse(null);
            long needed = Math.max(300, or(p.getInitialDelaySeconds(), 0) + 2L * or(p.getPeriodSeconds(), 10) * or(p.getFailureThreshold(), 3));
            if (since == null || !pod.atLeast(since, Duration.ofSeconds(needed))) {
                return Optional.empty();
            }
            msg.add("has not succeeded since the container started " + ContainerFacts.when(pod, since)
                    + "; the probe's events have expired, so its answer is not known.");
        }
        msg.add(" The pod receives no traffic from its Services while it is not Ready.");
        portMismatch(c, p).ifPresent(m -> msg.add(" " + m));
        b.message(Prose.of(msg.toArray())).headline(Prose.of(title(c), " not Ready: readiness probe fails"));
        b.evidence(Evidence.status(c.statusPath() + ".ready", null, "ready=false, state running since "
                + c.running().map(r -> Objects.toString(r.getStartedAt(), "?")).orElse("?")));
        pod.condition("Ready").filter(x -> "False".equals(x.getStatus())).ifPresent(x ->
                b.evidence(Evidence.status("status.conditions[Ready]", x.getReason(), x.getMessage())));
        pod.condition("Ready").filter(x -> "False".equals(x.getStatus())).map(x -> Timestamps.parse(x.getLastTransitionTime()))
                .filter(since -> !since.isAfter(pod.at()) && !pod.atLeast(since, BRIEFLY))
                .ifPresent(since -> b.severity(Severity.WARNING, "the pod has been unready for only "
                        + Timestamps.human(Duration.between(since, pod.at())) + ", a probe failing briefly"));
        b.evidence(PodView.evidence(failures, 2));
        if (p != null) {
            b.evidence(Evidence.spec(c.specPath() + ".readinessProbe", check.plain()));
        }
        String failure = failures.isEmpty() ? "" : Objects.toString(failures.get(0).getMessage(), "");
        failureFixes(pod, c, p, "readiness", failure, false).forEach(b::fix);
        b.fix(Prose.of("See why the app does not report ready: ", ContainerFacts.logsCommand(pod, c, false),
                p != null && p.getHttpGet() != null ? Prose.of(", and call the endpoint yourself: ", code("kubectl exec -n " + pod.namespace() + " "
                        + pod.name() + " -c " + c.name() + " -- wget -qO- http://localhost:"
                        + portNumber(c, p.getHttpGet().getPort()).map(String::valueOf).orElse("<port>")
                        + Objects.toString(p.getHttpGet().getPath(), "/"))) : Prose.EMPTY, "."));
        return Optional.of(b.build());
    }

    /** Fixes that follow from how the probe failed. */
    private static List<Prose> failureFixes(PodView pod, ContainerView c, Probe p, String kind, String failure, boolean duringStartup) {
        List<Prose> fixes = new ArrayList<>();
        Optional<String> mismatch = portMismatch(c, p);
        if (mismatch.isPresent()) {
            fixes.add(Prose.of("Point ", field(c, kind, ""), " at the port the app listens on. " + mismatch.get()));
        }
        Optional<String> status = httpStatus(failure);
        if (ContainerRunSignatures.TABLE.says(Signature.TIMEOUT, failure)) {
            int timeout = p == null ? 1 : or(p.getTimeoutSeconds(), 1);
            fixes.add(Prose.of("The app answered slower than the probe's timeout: raise ", field(c, kind, ".timeoutSeconds"), " from " + timeout
                    + " (e.g. to " + Math.max(5, 2 * timeout) + ") in the pod template", pod.ownerHint(), ", and keep the probed "
                    + (p != null && p.getExec() != null ? "command" : "endpoint") + " cheap (no database calls)."));
        } else if (ContainerRunSignatures.TABLE.says(Signature.REFUSED, failure) && !duringStartup) {
            fixes.add(Prose.of("Nothing accepted connections on ", p == null ? "the probed port" : Prose.of("port ", portText(c, p, true)),
                    ": check that the app listens on it, on all interfaces (0.0.0.0, not 127.0.0.1)."));
        } else if (status.filter("404"::equals).isPresent()) {
            fixes.add(Prose.of("The app has no ", p != null && p.getHttpGet() != null ? code(Objects.toString(p.getHttpGet().getPath(), "/")) : "such path",
                    " (HTTP 404): set ", field(c, kind, ".httpGet.path"), " to its real health endpoint", pod.ownerHint(), "."));
        } else if (status.filter(x -> x.startsWith("5")).isPresent()) {
            fixes.add(ownAnswer(kind, "HTTP " + status.get(), "not ready"));
        } else if (grpcStatus(failure).isPresent()) {
            fixes.add(ownAnswer(kind, grpcStatus(failure).get() + " from its gRPC health service (grpc.health.v1.Health)", "not serving"));
        } else if (ContainerRunSignatures.TABLE.says(Signature.ERRORED, failure)) {
            fixes.add(Prose.of("The kubelet could not run the probe (", code(detail(failure)), "): check ", field(c, kind, ""),
                    " (named port, command present in the image)."));
        } else if (p != null && p.getExec() != null && p.getExec().getCommand() != null) {
            fixes.add(Prose.of("Run the check by hand to see why it fails: ", code("kubectl exec -n " + pod.namespace() + " " + pod.name() + " -c " + c.name()
                    + " -- " + ContainerFacts.shellJoin(p.getExec().getCommand())), "."));
        }
        return fixes;
    }

    /** The fix of a probe the app itself answers negatively (an HTTP 5xx, a gRPC NOT_SERVING). */
    private static Prose ownAnswer(String kind, String answer, String state) {
        return Prose.words("The app itself answers " + answer
                + (kind.equals("liveness") ? ": read its log; a liveness check must not depend on databases or other services, or every outage of those restarts the app."
                : ": it reports itself " + state + ", often because a dependency it checks is down; read its log."));
    }

    /** "503" from "HTTP probe failed with statuscode: 503". */
    private static Optional<String> httpStatus(String failure) {
        return ContainerRunSignatures.TABLE.extract(s -> s == Signature.HTTP_STATUS, "status", failure);
    }

    /** What the kubelet said after "Liveness probe failed: ", verbatim (only shortened): it is quoted as code. */
    private static String detail(String message) {
        String m = Objects.toString(message, "").strip();
        int i = m.indexOf(": ");
        return ContainerFacts.shorten(i > 0 && m.substring(0, i).contains("probe") ? m.substring(i + 2) : m, 300);
    }

    /** "NOT_SERVING" from "service unhealthy (responded with \"NOT_SERVING\")". */
    private static Optional<String> grpcStatus(String failure) {
        return ContainerRunSignatures.TABLE.extract(s -> s == Signature.GRPC_STATUS, "status", failure);
    }

    static Probe probe(ContainerView c, String kind) {
        if (c.spec() == null) {
            return null;
        }
        return switch (kind) {
            case "liveness" -> c.spec().getLivenessProbe();
            case "readiness" -> c.spec().getReadinessProbe();
            default -> c.spec().getStartupProbe();
        };
    }

    /** "HTTP GET /healthz on port 8080 (initialDelaySeconds 5, periodSeconds 10, timeoutSeconds 1, failureThreshold 3)". */
    static Prose describe(ContainerView c, Probe p) {
        return check(c, p, true).then(" (initialDelaySeconds " + or(p.getInitialDelaySeconds(), 0) + ", periodSeconds " + or(p.getPeriodSeconds(), 10)
                + ", timeoutSeconds " + or(p.getTimeoutSeconds(), 1) + ", failureThreshold " + or(p.getFailureThreshold(), 3) + ")");
    }

    /**
     * What the probe checks: "HTTP GET /healthz on port 8080", "exec `cat /tmp/ready`". In {@code full}, a named port with its number
     * and a gRPC probe with its service; without, as short as a headline wants it.
     */
    private static Prose check(ContainerView c, Probe p, boolean full) {
        if (p.getHttpGet() != null) {
            String scheme = p.getHttpGet().getScheme() != null && p.getHttpGet().getScheme().equalsIgnoreCase("HTTPS") ? "HTTPS " : "HTTP ";
            return Prose.of(scheme + "GET " + Objects.toString(p.getHttpGet().getPath(), "/") + " on port ", portText(c, p, full));
        }
        if (p.getTcpSocket() != null) {
            return Prose.of("TCP connect to port ", portText(c, p, full));
        }
        if (p.getGrpc() != null) {
            String service = p.getGrpc().getService();
            return Prose.of("gRPC health check on port " + p.getGrpc().getPort(),
                    !full || service == null || service.isBlank() ? Prose.EMPTY : Prose.of(" (service ", code(service), ")"));
        }
        if (p.getExec() != null && p.getExec().getCommand() != null) {
            return Prose.of("exec ", code(ContainerFacts.shellJoin(p.getExec().getCommand())));
        }
        return Prose.words("probe");
    }

    private static IntOrString port(Probe p) {
        if (p == null) {
            return null;
        }
        if (p.getHttpGet() != null) {
            return p.getHttpGet().getPort();
        }
        if (p.getTcpSocket() != null) {
            return p.getTcpSocket().getPort();
        }
        return p.getGrpc() == null || p.getGrpc().getPort() == null ? null : new IntOrString(p.getGrpc().getPort());
    }

    /** "8080", or a named port as code, in {@code full} with its number: "`http` (8080)". */
    private static Prose portText(ContainerView c, Probe p, boolean full) {
        IntOrString port = port(p);
        if (port == null) {
            return Prose.words("?");
        }
        if (port.getIntVal() != null) {
            return Prose.words(String.valueOf(port.getIntVal()));
        }
        return Prose.of(code(port.getStrVal()), full ? portNumber(c, port).map(n -> " (" + n + ")").orElse("") : "");
    }

    private static Optional<Integer> portNumber(ContainerView c, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(port.getIntVal());
        }
        return ports(c).stream().filter(x -> port.getStrVal() != null && port.getStrVal().equals(x.getName()))
                .map(ContainerPort::getContainerPort).filter(Objects::nonNull).findFirst();
    }

    private static List<ContainerPort> ports(ContainerView c) {
        return c.spec() == null || c.spec().getPorts() == null ? List.of() : c.spec().getPorts();
    }

    /** The probe targets a numeric port the container does not declare while it declares others. */
    private static Optional<String> portMismatch(ContainerView c, Probe p) {
        IntOrString port = port(p);
        List<Integer> declared = ports(c).stream().map(ContainerPort::getContainerPort).filter(Objects::nonNull).toList();
        if (port == null || port.getIntVal() == null || declared.isEmpty() || declared.contains(port.getIntVal())) {
            return Optional.empty();
        }
        return Optional.of("The probe uses port " + port.getIntVal() + ", which is not among the container's declared ports ("
                + String.join(", ", declared.stream().map(String::valueOf).toList()) + ").");
    }

    private static int budget(Probe p) {
        return or(p.getInitialDelaySeconds(), 0) + or(p.getPeriodSeconds(), 10) * or(p.getFailureThreshold(), 3);
    }

    /** How long the last terminated instance ran, in seconds. */
    private static Optional<Long> lifetime(ContainerView c) {
        return ContainerFacts.latestTermination(c).flatMap(t -> {
            Instant s = Timestamps.parse(t.getStartedAt());
            Instant f = Timestamps.parse(t.getFinishedAt());
            return s == null || f == null ? Optional.empty() : Optional.of(Duration.between(s, f).getSeconds());
        });
    }

    private static int or(Integer v, int dflt) {
        return v == null ? dflt : v;
    }
}
