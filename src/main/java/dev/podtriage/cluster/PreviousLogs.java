package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Fetches, on demand, the tail of a crashed container's log: the previous instance's when it was
 * restarted, else the current one of a container that terminated. Bounded in lines and bytes;
 * a log that cannot be read is simply left out of the evidence.
 */
@ApplicationScoped
public class PreviousLogs {
    private static final Logger LOG = Logger.getLogger(PreviousLogs.class);
    private final KubernetesClient client;
    private final TriageConfig config;

    PreviousLogs(KubernetesClient client, TriageConfig config) {
        this.client = client;
        this.config = config;
    }

    public Map<String, String> forCrashedContainers(PodSnapshot snapshot) {
        PodView pod = new PodView(snapshot, Instant.EPOCH, DiagnosisSettings.defaults());
        Map<String, String> out = new HashMap<>();
        for (ContainerView c : pod.allContainers()) {
            boolean restarted = c.restartCount() > 0 && c.lastTerminated().map(t -> t.getExitCode() != null && t.getExitCode() != 0).orElse(false);
            boolean failedNow = c.terminated().map(t -> t.getExitCode() != null && t.getExitCode() != 0).orElse(false);
            if (!restarted && !failedNow) {
                continue;
            }
            try {
                var container = client.pods().inNamespace(pod.namespace()).withName(pod.name()).inContainer(c.name());
                int lines = config.cluster().logTailLines();
                // a restarted container's failure is in the previous instance's log; a terminated one's in its own
                String text = restarted && !failedNow ? container.terminated().tailingLines(lines).getLog()
                        : container.tailingLines(lines).getLog();
                int max = (int) config.cluster().logMaxSize().asLongValue();
                if (text != null && text.length() > max) {
                    text = text.substring(text.length() - max); // the end of a log says why it stopped
                }
                if (text != null && !text.isBlank()) {
                    out.put(c.name(), text);
                }
            } catch (RuntimeException e) {
                LOG.debugf("no log for %s/%s container %s: %s", pod.namespace(), pod.name(), c.name(), e.getMessage());
            }
        }
        return out;
    }
}
