package dev.podtriage.cluster.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * One file of the sandbox: what it shows (its first comment line, with the rule it should give),
 * its objects, and the previous log tails of its terminated containers keyed
 * {@code namespace/pod/container}.
 */
public record Scenario(String file, String comment, List<HasMetadata> objects, Map<String, String> previousLogs) {
}
