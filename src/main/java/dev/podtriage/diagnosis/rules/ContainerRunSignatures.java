package dev.podtriage.diagnosis.rules;

import java.util.List;
import java.util.Set;

/**
 * The kubelet's words for running containers and their probes (as in {@code shared/spec/wordings.md}, section 5),
 * one row per wording: a probe's result ({@code Liveness probe failed: …}), what the failure says (HTTP status,
 * gRPC health answers, timeouts, refused connections, exec timeouts), the kill of a container whose liveness or startup probe failed,
 * and the back-off of a container that keeps exiting. {@link ProbeRules}, {@link ContainerRunRules} and
 * {@link InitContainerRules} read these texts only through this table, and the catalog's detection texts of their
 * rules are generated from it.
 *
 * <p>Adding a wording is adding one row here and one fixture under {@code fixtures/wordings/} (README, "Adding a wording").
 */
final class ContainerRunSignatures {
    private ContainerRunSignatures() {
    }

    private static final Set<RuleId> PROBES = Set.of(RuleId.LIVENESS_PROBE_FAILED, RuleId.STARTUP_PROBE_FAILED, RuleId.READINESS_PROBE_FAILED);

    /** What a wording tells, and the rules whose detection it belongs to. */
    enum Signature {
        /** The probe ran and failed (event Unhealthy); the rest of the text is the probe's output. */
        FAILED(PROBES),
        /** The kubelet could not run the probe (event Unhealthy). */
        ERRORED(PROBES),
        /** The probe succeeded with a warning (event ProbeWarning, e.g. a redirect to another host): no finding. */
        WARNING(Set.of()),
        /** An HTTP probe's answer outside 200–399. */
        HTTP_STATUS(PROBES),
        /** A gRPC health check's answer other than SERVING. */
        GRPC_STATUS(PROBES),
        /** The check did not answer within timeoutSeconds. */
        TIMEOUT(PROBES),
        /** Nothing accepted the connection on the probed port. */
        REFUSED(PROBES),
        /** The app closed the connection before answering. */
        RESET(PROBES),
        /** The kubelet kills (and restarts) a container whose liveness probe failed (event Killing). */
        LIVENESS_KILL(Set.of(RuleId.LIVENESS_PROBE_FAILED)),
        /** The kubelet kills (and restarts) a container whose startup probe failed (event Killing). */
        STARTUP_KILL(Set.of(RuleId.STARTUP_PROBE_FAILED)),
        /** The kubelet waits before restarting a container that exited (waiting CrashLoopBackOff, event BackOff). */
        BACK_OFF(Set.of(RuleId.CONTAINER_CRASH_LOOP, RuleId.INIT_CONTAINER_FAILED));

        final Set<RuleId> rules;

        Signature(Set<RuleId> rules) {
            this.rules = rules;
        }
    }

    /** A probe type as the kubelet names it at the start of its message (Liveness, Readiness, Startup). */
    private static final String PROBE = "^(?<probe>[A-Za-z]{1,32}) probe ";
    /** Go's %q of a command line or URL: escaped quotes inside. */
    private static final String QUOTED = "\"(?<command>(?:[^\"\\\\\\n]|\\\\.){0,512})\"";

    /**
     * Who writes the gRPC probe's two texts. They are not in wordings.md: written from kubelet 1.23+'s
     * k8s.io/kubernetes/pkg/probe/grpc as remembered, and not checked against its source here (the only Kubernetes
     * source this machine can reach is Debian's 1.20, which predates gRPC probes).
     */
    private static final String GRPC_UNVERIFIED = "gRPC probe, kubelet 1.23+ (k8s.io/kubernetes/pkg/probe/grpc; not in wordings.md, unverified)";

    static final SignatureTable<Signature> TABLE = new SignatureTable<>(List.of(
            Wording.of(Signature.FAILED, "%s probe failed: %s", PROBE + "failed:", "kubelet 1.8+ prober (event Unhealthy)"),
            Wording.of(Signature.ERRORED, "%s probe errored: %v", PROBE + "errored:", "kubelet 1.8+ prober (event Unhealthy)"),
            Wording.of(Signature.WARNING, "%s probe warning: %s", PROBE + "warning:", "kubelet 1.15+ prober (event ProbeWarning)"),

            Wording.of(Signature.HTTP_STATUS, "HTTP probe failed with statuscode: %d", "HTTP probe failed with statuscode: (?<status>\\d{1,3})",
                    "k8s.io/kubernetes/pkg/probe/http, all versions"),
            Wording.of(Signature.GRPC_STATUS, "service unhealthy (responded with %q)",
                    "service unhealthy \\(responded with \"(?<status>\\w{1,32})\"\\)", GRPC_UNVERIFIED),
            Wording.of(Signature.TIMEOUT, "timeout: health rpc did not complete within %v",
                    "timeout: health rpc did not complete within (?<timeout>[\\w.]{1,16})", GRPC_UNVERIFIED),
            Wording.of(Signature.TIMEOUT, "Get %q: context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
                    "(?:\"(?<url>[^\"\\s]{1,512})\": )?context deadline exceeded \\(Client\\.Timeout exceeded while awaiting headers\\)",
                    "HTTP probe, Go 1.14+ net/http (url.Error)"),
            Wording.of(Signature.TIMEOUT, "Get %s: net/http: request canceled (Client.Timeout exceeded while awaiting headers)",
                    "(?:(?<url>https?://\\S{1,512}): )?net/http: request canceled(?: while waiting for connection)? \\(Client\\.Timeout",
                    "HTTP probe, Go before 1.14 (URL unquoted)"),
            Wording.of(Signature.TIMEOUT, "command timed out: %q timed out after %s", "command timed out: " + QUOTED + " timed out after (?<timeout>[\\w.]{1,16})",
                    "exec probe, k8s.io/cri-client (kubelet 1.31+)"),
            Wording.of(Signature.TIMEOUT, "command %q timed out", "command " + QUOTED + " timed out", "exec probe, kubelet remote runtime 1.20–1.30"),
            // any other probe output naming a timeout: Go's net errors, gRPC DeadlineExceeded, an exec probe's own output
            Wording.of(Signature.TIMEOUT, "context deadline exceeded", "deadline exceeded", "Go context, gRPC DeadlineExceeded, in any wrapping"),
            Wording.of(Signature.TIMEOUT, "i/o timeout", "timeout", "Go net and any other text naming a timeout"),
            Wording.of(Signature.TIMEOUT, "timed out", "timed out", "runtimes and an exec probe's own output"),
            Wording.of(Signature.REFUSED, "dial tcp %s: connect: connection refused", "dial tcp (?<address>\\S{1,260}): connect: connection refused",
                    "HTTP and TCP probes, Go net"),
            Wording.of(Signature.REFUSED, "connection refused", "connection refused", "any other wrapping of ECONNREFUSED"),
            Wording.of(Signature.RESET, "read tcp %s->%s: read: connection reset by peer", "connection reset", "HTTP and TCP probes, Go net (ECONNRESET)"),

            Wording.of(Signature.LIVENESS_KILL, "Container %s failed liveness probe, will be restarted",
                    "Container (?<container>\\S{1,253}) failed liveness probe, will be restarted", "kubelet 1.14+ (event Killing)"),
            Wording.of(Signature.STARTUP_KILL, "Container %s failed startup probe, will be restarted",
                    "Container (?<container>\\S{1,253}) failed startup probe, will be restarted", "kubelet 1.17+ (event Killing)"),
            Wording.of(Signature.LIVENESS_KILL, "Killing container with id %s:Container failed liveness probe.. Container will be killed and recreated.",
                    "(?:Killing container with id (?<containerId>\\S{1,200}?):\\s?)?Container failed liveness probe\\.\\. Container will be killed and recreated",
                    "kubelet 1.8–1.13 (event Killing)"),

            Wording.of(Signature.BACK_OFF, "Back-off %s restarting failed container=%s pod=%s",
                    "back-off (?<backoff>\\S{1,32}) restarting failed container=(?<container>\\S{1,253}) pod=(?<pod>\\S{1,600})",
                    "kubelet 1.8–1.15 (\"back-off\" 1.16+), the waiting message of CrashLoopBackOff"),
            Wording.of(Signature.BACK_OFF, "Back-off restarting failed container %s in pod %s",
                    "Back-off restarting failed container (?<container>\\S{1,253}) in pod (?<pod>\\S{1,600})", "kubelet 1.26+ (event BackOff)"),
            Wording.of(Signature.BACK_OFF, "Back-off restarting failed container", "Back-off restarting failed container", "kubelet 1.8–1.25 (event BackOff)")));

    /** The catalog's detection text of a rule of this table. */
    static String detection(RuleId rule, String lead, String more) {
        return TABLE.detection(s -> s.rules.contains(rule), lead, more);
    }
}
