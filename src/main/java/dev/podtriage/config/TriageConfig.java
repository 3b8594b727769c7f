package dev.podtriage.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The service's own settings ({@code triage.*} in application.properties or TRIAGE_* env vars). */
@ConfigMapping(prefix = "triage")
public interface TriageConfig {

    Api api();

    Diagnosis diagnosis();

    interface Api {
        /** Largest request body accepted by {@code POST /api/v1/diagnose}; larger gets 413. */
        @WithDefault("8M")
        MemorySize maxBodySize();

        /** Deepest JSON/YAML nesting accepted; a Kubernetes object is far shallower. */
        @WithDefault("64")
        int maxDepth();
    }

    interface Diagnosis {
        /** An init container running longer than this is reported as stuck. */
        @WithDefault("10m")
        Duration initContainerStuckAfter();

        /** A pod still present this long after its grace period ended is reported as stuck terminating. */
        @WithDefault("5m")
        Duration terminatingStuckAfter();

        /** A pod with no scheduling decision this long after creation is reported. */
        @WithDefault("5m")
        Duration pendingUnscheduledAfter();

        /** Longest previous-log tail quoted as evidence, in characters. */
        @WithDefault("4000")
        int logTailMaxChars();
    }
}
