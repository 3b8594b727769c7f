package dev.podtriage.cluster;

import io.fabric8.kubernetes.api.model.Pod;

import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Fetches, on demand, the tail of a crashed container's log: the previous instance's when it was
 * restarted, else the current one of a container that terminated. Bounded in lines and bytes; all
 * tails of a request are fetched in parallel (bounded by {@link ClusterCalls}), through the circuit
 * breaker, and within the request's deadline: a log that cannot be read in time is left out of the
 * evidence. A failure is logged once per cause until a fetch succeeds again, without stack trace.
 */
@ApplicationScoped
public class PreviousLogs {
    private static final Logger LOG = Logger.getLogger(PreviousLogs.class);
    private final KubernetesClient client;
    private final TriageConfig config;
    private final ClusterErrors errors;
    private final ClusterCalls calls;
    private final Set<String> reportedCauses = ConcurrentHashMap.newKeySet();

    PreviousLogs(KubernetesClient client, TriageConfig config, ClusterErrors errors, ClusterCalls calls) {
        this.client = client;
        this.config = config;
        this.errors = errors;
        this.calls = calls;
    }

    /** The log tails of every pod's crashed containers (by container name), in the order of {@code snapshots}. */
    List<Map<String, String>> forCrashedContainers(List<PodSnapshot> snapshots, Deadline deadline) {
        record Fetch(int pod, String container, CompletableFuture<String> text) {
        }
        List<Fetch> fetches = new ArrayList<>();
        List<Map<String, String>> out = new ArrayList<>(snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            out.add(new HashMap<>());
            PodView pod = new PodView(snapshots.get(i), Instant.EPOCH, DiagnosisSettings.defaults());
            for (ContainerView c : pod.allContainers()) {
                boolean restarted = restarted(c);
                boolean failedNow = failedNow(c);
                if (restarted || failedNow) {
                    // a restarted container's failure is in the previous instance's log; a terminated one's in its own
                    boolean previous = restarted && !failedNow;
                    fetches.add(new Fetch(i, c.name(), calls.submit(() -> errors.call("get", "pods/log", pod.namespace(),
                            () -> tail(pod.namespace(), pod.name(), c.name(), previous)))));
                }
            }
        }
        for (Fetch f : fetches) {
            try {
                String text = calls.await(f.text(), deadline);
                reportedCauses.clear();
                if (text != null && !text.isBlank()) {
                    out.get(f.pod()).put(f.container(), text);
                }
            } catch (RuntimeException e) {
                // a ClusterException, or the circuit breaker refusing the call while the API server keeps failing
                String cause = e instanceof ClusterException ce ? ce.code() : e.getClass().getSimpleName();
                boolean missing = e instanceof ClusterException ce && ce.reason() == ClusterException.Reason.NOT_FOUND;
                if (!missing && reportedCauses.add(cause)) {
                    LOG.warnf("log tails are left out of diagnoses (%s): %s", cause, e.getMessage());
                }
            }
        }
        return out;
    }

    /** Whether a report of this pod quotes a log tail (of a container that failed and restarted, or that failed now). */
    static boolean wanted(Pod p) {
        PodView pod = new PodView(PodSnapshot.of(p, List.of()), Instant.EPOCH, DiagnosisSettings.defaults());
        return pod.allContainers().stream().anyMatch(c -> restarted(c) || failedNow(c));
    }

    private static boolean restarted(ContainerView c) {
        return c.restartCount() > 0 && c.lastTerminated().map(t -> t.getExitCode() != null && t.getExitCode() != 0).orElse(false);
    }

    private static boolean failedNow(ContainerView c) {
        return c.terminated().map(t -> t.getExitCode() != null && t.getExitCode() != 0).orElse(false);
    }

    private String tail(String namespace, String name, String container, boolean previous) {
        var c = client.pods().inNamespace(namespace).withName(name).inContainer(container);
        int lines = config.cluster().logTailLines();
        String text = previous ? c.terminated().tailingLines(lines).getLog() : c.tailingLines(lines).getLog();
        int max = (int) config.cluster().logMaxSize().asLongValue();
        return text != null && text.length() > max ? text.substring(text.length() - max) : text; // the end says why it stopped
    }
}
