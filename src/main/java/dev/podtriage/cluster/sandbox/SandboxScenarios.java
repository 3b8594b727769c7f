package dev.podtriage.cluster.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Placeholder until the scenario data lands. */
public final class SandboxScenarios {
    private SandboxScenarios() {
    }

    public static List<HasMetadata> objects(Instant now) {
        return List.of();
    }

    public static Map<String, String> previousLogs() {
        return Map.of();
    }
}
