package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * Pods whose quoted texts (termination and waiting messages, logs, event and scheduler messages,
 * commands) are about 1 MB each, one per rule family (issue 8: offline bodies may be 8 MB, and a
 * quadratic pattern held a core for minutes). Used by {@code HugeTextTest} and the benchmark.
 */
public final class HugeTexts {
    public static final int SIZE = 1 << 20;
    /** A fixture per rule family (by class name) whose diagnosis reads that family's texts. */
    public static final Map<String, String> FAMILY_FIXTURES = Map.of(
            "ImagePullRules", "image/not-found-containerd.json",
            "ContainerStartRules", "containers/command-not-found-containerd.json",
            "ContainerRunRules", "containers/crash-loop-exit1.json",
            "ProbeRules", "containers/liveness-exec-crio.json",
            "InitContainerRules", "containers/init-stuck-nc.json",
            "SchedulingRules", "scheduling/insufficient-cpu-mixed.json",
            "SandboxVolumeRules", "sandbox/nfs-mount-failed.json",
            "NodeLifecycleRules", "lifecycle/evicted-memory.json",
            "WorkloadRules", "workload/quota-exceeded.json",
            "LintRules", "lint/unbounded.json");
    /** Half a run of word characters (issue 8's termination message), half the rules' needles among word characters. */
    public static final String TEXT = text();

    private HugeTexts() {
    }

    private static String text() {
        String needles = "db-0.db:5432 dial tcp connect to x.y: connection refuse lookup db password=x exec /bin/x: image pull secrets ("
                + " Threshold quantity: exceeded quota: q, requested: unmounted volumes=[ nc -z db pg_isready -h db Back-off pulling image \"x"
                + " statuscode: 5 command 'x' exited with 1 -----BEGIN PRIVATE KEY----- eyJabcdef.eyJ ://u:p xoxb- ghp_ ";
        StringBuilder sb = new StringBuilder(SIZE + 1024);
        sb.append("a".repeat(SIZE / 2));
        while (sb.length() < SIZE) {
            sb.append(needles).append("a".repeat(64)).append('\n');
        }
        return sb.toString();
    }

    /** The family's fixture pod with {@link #TEXT} appended to every quoted field. */
    public static PodSnapshot pod(String family) {
        return Plant.pod(FAMILY_FIXTURES.get(family), field -> TEXT);
    }

    /** The workload fixture's objects with {@link #TEXT} appended to every event. */
    public static List<HasMetadata> workloadItems() {
        return Plant.workloadItems(FAMILY_FIXTURES.get("WorkloadRules"), field -> TEXT);
    }
}
