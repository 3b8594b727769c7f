package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.Prose;
import static dev.podtriage.diagnosis.PodView.containsAny;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Timestamps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the container families (start, run, probes, init) share: which pods another family
 * explains, how recent a container's last failure is, what an exit code means, how to quote a
 * command. Package-private on purpose: the findings are built by the families.
 */
final class ContainerFacts {
    /**
     * A crash counts as current while the container is waiting or terminated, or runs again but its
     * previous instance ended within this window of the evaluation instant. An SRE looking at a pod
     * that crashed 3 minutes ago and runs again would still call it crash-looping (the kubelet's
     * back-off tops out at 5 minutes, and instances that live a few minutes are caught between two
     * crashes); one that restarted once hours or days ago and runs since is healthy.
     */
    static final Duration RECENT = Duration.ofMinutes(10);
    /**
     * An OOM kill is remembered for longer: a container that grows to its limit over tens of minutes
     * and is killed again is the classic memory leak, so a kill within the last hour is still worth a
     * warning even when the container runs and is Ready again.
     */
    static final Duration OOM_RECENT = Duration.ofHours(1);
    /** From this many restarts on, a container that crashed recently is crash-looping even if Ready right now. */
    static final int LOOPING_RESTARTS = 3;

    /** status.reason values by which the pod as a whole was ended or lost: another family explains those. */
    private static final Set<String> POD_LEVEL_REASONS = Set.of("Evicted", "NodeLost", "DeadlineExceeded",
            "Preempting", "Terminated", "OutOfcpu", "OutOfmemory", "NodeAffinity", "UnexpectedAdmissionError",
            "NodeShutdown", "Shutdown");

    private ContainerFacts() {
    }

    /**
     * True when the pod's fate is decided above its containers (evicted, node lost, deadline
     * exceeded, preempted, shut down with its node, rejected at admission by the kubelet) or its
     * phase is Unknown: the containers' exit codes are consequences there, not causes.
     */
    static boolean explainedAtPodLevel(PodView pod) {
        String r = pod.reason();
        return pod.phase().equals("Unknown") || POD_LEVEL_REASONS.contains(r) || r.startsWith("OutOf");
    }

    /** The container's latest termination: its current terminated state, else its last state. */
    static Optional<ContainerStateTerminated> latestTermination(ContainerView c) {
        return c.terminated().isPresent() ? c.terminated() : c.lastTerminated();
    }

    /** Evidence for the latest termination (current state or lastState). */
    static Optional<Evidence> latestTerminationEvidence(ContainerView c) {
        return c.terminated().isPresent() ? c.terminatedEvidence() : c.lastTerminatedEvidence();
    }

    static int exitCode(ContainerStateTerminated t) {
        return t.getExitCode() == null ? 0 : t.getExitCode();
    }

    static String reason(ContainerStateTerminated t) {
        return t.getReason() == null ? "" : t.getReason();
    }

    /**
     * When the latest termination happened: its finishedAt, else (for a lastState) the start of the
     * running instance that replaced it.
     */
    static Optional<Instant> terminatedAt(ContainerView c) {
        Optional<ContainerStateTerminated> t = latestTermination(c);
        Instant at = t.map(x -> Timestamps.parse(x.getFinishedAt())).orElse(null);
        if (at == null && c.terminated().isEmpty()) {
            at = c.running().map(r -> Timestamps.parse(r.getStartedAt())).orElse(null);
        }
        return Optional.ofNullable(at);
    }

    /** How current a container's latest termination is. */
    enum Recency {
        /** It is waiting or terminated now, or runs again but crashed within the window and is not healthy since. */
        ONGOING,
        /** It crashed within the window but runs and is Ready again. */
        RECOVERING,
        /** Long ago, or not known: nothing to report. */
        OLD
    }

    /**
     * How current the latest termination is (see {@link #RECENT} for the reasoning):
     * <ul>
     * <li>terminated now, or waiting in CrashLoopBackOff after it: ongoing;</li>
     * <li>waiting for another reason (PodInitializing after a node reboot, an image pull): old;</li>
     * <li>running again and the previous instance ended within {@code window}: ongoing when not Ready or
     * after {@link #LOOPING_RESTARTS} restarts or more, else recovering;</li>
     * <li>otherwise (ended earlier, or when it ended is unknown): old.</li>
     * </ul>
     */
    static Recency recency(PodView pod, ContainerView c, Duration window) {
        if (latestTermination(c).isEmpty()) {
            return Recency.OLD;
        }
        // CrashLoopBackOff: the kubelet is backing off after exactly this termination
        if (c.terminated().isPresent() || c.waitingReason().equals("CrashLoopBackOff")) {
            return Recency.ONGOING;
        }
        // waiting for another reason (PodInitializing or ContainerCreating after a sandbox restart, an image pull):
        // the kubelet is not restarting it because of that termination, and whatever holds it now is another family's
        if (c.waiting().isPresent()) {
            return Recency.OLD;
        }
        Optional<Instant> at = terminatedAt(c);
        if (at.isEmpty() || pod.longerThan(at.get(), window)) {
            return Recency.OLD;
        }
        if (!c.ready() || c.restartCount() >= LOOPING_RESTARTS) {
            return Recency.ONGOING;
        }
        return Recency.RECOVERING;
    }

    /**
     * Critical while the failure goes on and the container is not Ready (it cannot do its job); a warning once it is
     * Ready again, even if it restarted often (rules.md: "restarts while Ready" is degraded, not down).
     */
    static Severity severity(ContainerView c, Recency r) {
        return r == Recency.ONGOING && !c.ready() ? Severity.CRITICAL : Severity.WARNING;
    }

    /** Why a recovering container's finding is a warning: it serves again (see {@link #severity(ContainerView, Recency)}). */
    static String recoveringReason(ContainerView c) {
        return "the container runs and is Ready again; it restarted " + c.restartCount() + (c.restartCount() == 1 ? " time" : " times");
    }

    /** "at 2026-11-27T09:57:03Z (3m ago)", or "" when unknown. */
    static String when(PodView pod, Instant t) {
        if (t == null) {
            return "";
        }
        Duration ago = Duration.between(t, pod.at());
        return "at " + t + (ago.isNegative() ? "" : " (" + Timestamps.human(ago) + " ago)");
    }

    /** "exit code 137 (SIGKILL: …)". */
    static Prose exitWithMeaning(int code, Integer signal) {
        return Prose.of("exit code " + code + " (", exitMeaning(code, signal), ")");
    }

    /** What an exit code usually means (shells and runtimes: 126, 127, 128+n). */
    static Prose exitMeaning(int code, Integer signal) {
        if (signal != null && signal > 0 && code == 0) {
            return Prose.words("killed by signal " + signal + signalName(signal).map(n -> " (" + n + ")").orElse(""));
        }
        if (code == 137) {
            return Prose.of("SIGKILL: killed from outside, by the OOM killer, a kill after a failed probe or ", Prose.code("kill -9"));
        }
        return Prose.words(switch (code) {
            case 0 -> "success";
            case 1 -> "application error";
            case 2 -> "misuse: invalid arguments or shell syntax";
            case 126 -> "command found but not executable";
            case 127 -> "command not found";
            case 128 -> "the process could not be started, or an invalid exit argument";
            case 130 -> "SIGINT: interrupted";
            case 134 -> "SIGABRT: the process aborted (assertion, abort(), native crash)";
            case 139 -> "SIGSEGV: segmentation fault, an invalid memory access in native code";
            case 143 -> "SIGTERM: asked to stop, by the kubelet or another process";
            case 255 -> "exit status -1/255: a fatal error reported by the process or its runtime";
            default -> code > 128 && code < 160
                    ? "killed by signal " + (code - 128) + signalName(code - 128).map(n -> " (" + n + ")").orElse("")
                    : "an application-specific exit code";
        });
    }

    private static Optional<String> signalName(int n) {
        return Optional.ofNullable(Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"),
                Map.entry(4, "SIGILL"), Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"),
                Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"),
                Map.entry(15, "SIGTERM")).get(n));
    }

    /** The command line from the spec (command + args), or empty when the image's own ENTRYPOINT/CMD runs. */
    static Optional<String> commandLine(ContainerView c) {
        Container spec = c.spec();
        if (spec == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (spec.getCommand() != null) {
            parts.addAll(spec.getCommand());
        }
        if (spec.getArgs() != null) {
            parts.addAll(spec.getArgs());
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String sb = shellJoin(parts);
        return Optional.of(shorten(sb, 300));
    }

    /** Words joined as a shell would need them: quoted only when they contain spaces or special characters. */
    static String shellJoin(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String p : words) {
            if (p == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!p.isEmpty() && !p.matches(".*[\\s'\"$&|;<>()*`].*")) {
                sb.append(p);
            } else if (!p.contains("\"") && !p.contains("$") && !p.contains("`") && !p.contains("\\")) {
                sb.append('"').append(p).append('"');
            } else {
                sb.append('\'').append(p.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    /** The raw script text of the command and args (no quoting), for pattern matching. */
    static String commandText(ContainerView c) {
        Container spec = c.spec();
        if (spec == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (spec.getCommand() != null) {
            parts.addAll(spec.getCommand());
        }
        if (spec.getArgs() != null) {
            parts.addAll(spec.getArgs());
        }
        return String.join(" ", parts.stream().map(p -> p == null ? "" : p).toList());
    }

    /** A memory quantity as written in the spec ("50Mi"), or empty. */
    static Optional<String> memoryLimit(ContainerView c) {
        return resource(c, true, "memory");
    }

    private static Optional<String> resource(ContainerView c, boolean limit, String name) {
        if (c.spec() == null || c.spec().getResources() == null) {
            return Optional.empty();
        }
        Map<String, Quantity> m = limit ? c.spec().getResources().getLimits() : c.spec().getResources().getRequests();
        Quantity q = m == null ? null : m.get(name);
        if (q == null || q.getAmount() == null) {
            return Optional.empty();
        }
        return Optional.of(q.getAmount() + (q.getFormat() == null ? "" : q.getFormat()));
    }

    private static final java.util.regex.Pattern QUANTITY = java.util.regex.Pattern.compile("^(\\d{1,20}(?:\\.\\d{1,20})?)([A-Za-z]{0,4})$");

    /** Twice the quantity, in the same unit ("50Mi" -> "100Mi"), for a concrete suggestion. */
    static String doubled(String quantity) {
        java.util.regex.Matcher m = QUANTITY.matcher(quantity);
        if (!m.matches()) {
            return "twice " + quantity;
        }
        java.math.BigDecimal twice = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(2));
        return twice.stripTrailingZeros().toPlainString() + m.group(2);
    }

    /**
     * The container runtime ("containerd", "cri-o", "docker"): from the container IDs
     * ("containerd://…"), else the node's nodeInfo, else the wording of a runtime's error text (may be
     * null); empty when nothing tells. The one guess every family uses; each says what it assumes without it.
     */
    static Optional<String> runtime(PodView pod, String errorText) {
        for (ContainerView c : pod.allContainers()) {
            ContainerStatus s = c.status();
            String id = s == null ? null : s.getContainerID();
            if (id != null && id.contains("://")) {
                return Optional.of(id.substring(0, id.indexOf("://")));
            }
        }
        Optional<String> fromNode = pod.node().map(n -> n.getStatus() == null || n.getStatus().getNodeInfo() == null ? null
                        : n.getStatus().getNodeInfo().getContainerRuntimeVersion())
                .filter(v -> v.contains("://")).map(v -> v.substring(0, v.indexOf("://")));
        if (fromNode.isPresent() || errorText == null) {
            return fromNode;
        }
        if (containsAny(errorText, "failed to pull and unpack image", "failed to resolve reference")) {
            return Optional.of("containerd");
        }
        if (containsAny(errorText, "Error response from daemon")) {
            return Optional.of("docker");
        }
        return containsAny(errorText, "reading manifest", "pinging container registry", "trying to reuse blob")
                ? Optional.of("cri-o") : Optional.empty();
    }

    static Prose node(PodView pod) {
        return pod.nodeName() == null ? Prose.words("its node") : Prose.of("node ", Prose.code(pod.nodeName()));
    }

    /** kubectl logs command for a container (previous instance or not), as code. */
    static Prose logsCommand(PodView pod, ContainerView c, boolean previous) {
        return kubectlLogs(pod, c, "", previous ? " --previous" : "");
    }

    /** kubectl logs command that follows a running container's output, as code. */
    static Prose followLogsCommand(PodView pod, ContainerView c) {
        return kubectlLogs(pod, c, " -f", "");
    }

    private static Prose kubectlLogs(PodView pod, ContainerView c, String before, String after) {
        return Prose.code("kubectl logs" + before + " -n " + pod.namespace() + " " + pod.name() + " -c " + c.name() + after);
    }

    /** The last non-blank line of a text, shortened. */
    static Optional<String> lastLine(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] lines = text.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return Optional.of(shorten(lines[i].strip(), 240));
            }
        }
        return Optional.empty();
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A name as code: {@code `name`}. */
    static Prose q(String s) {
        return Prose.code(s);
    }

    /** " (image `x`)" or nothing. */
    static Prose imageOf(ContainerView c) {
        return c.image() == null ? Prose.EMPTY : Prose.of(" (image ", Prose.code(c.image()), ")");
    }

    /** "Container `app`", "Init container `migrate`", "Sidecar container `proxy`". */
    static Prose title(ContainerView c) {
        String k = c.kind();
        return Prose.of(Character.toUpperCase(k.charAt(0)) + k.substring(1) + " ", Prose.code(c.name()));
    }

    /** " (`command args`)" with the spec's command line, or nothing when the image's own ENTRYPOINT/CMD runs. */
    static Prose commandAside(ContainerView c) {
        return commandLine(c).map(x -> Prose.of(" (", Prose.code(x), ")")).orElse(Prose.EMPTY);
    }

    /** " Termination message: `…`." quoting it verbatim (shortened), or nothing. */
    static Prose quotedTermination(Optional<String> termination) {
        return termination.map(m -> Prose.of(" Termination message: ", Prose.code(shorten(m, 400)), ".")).orElse(Prose.EMPTY);
    }

    /** " Last log line: `…`." quoting the log's last line verbatim, or nothing. */
    static Prose quotedLastLine(Optional<String> log) {
        return log.flatMap(ContainerFacts::lastLine).map(l -> Prose.of(" Last log line: ", Prose.code(l), ".")).orElse(Prose.EMPTY);
    }

    /** The termination message, stripped, or empty. */
    static Optional<String> terminationMessage(ContainerStateTerminated t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? Optional.empty() : Optional.of(t.getMessage().strip());
    }
}
