package dev.podtriage.diagnosis;

import java.time.Duration;

/**
 * Thresholds of the time-dependent rules. Plain values so the engine needs no framework;
 * the service fills them from configuration.
 *
 * @param initContainerStuckAfter an init container running longer than this is stuck
 * @param terminatingStuckAfter   a pod still present this long after its deletion grace period ended is stuck
 * @param pendingUnscheduledAfter a pod without any scheduling decision for this long is reported
 * @param logTailMaxChars         longest log tail quoted as evidence
 * @param redactor                masks secrets in every text a diagnosis quotes
 */
public record DiagnosisSettings(Duration initContainerStuckAfter, Duration terminatingStuckAfter,
                                Duration pendingUnscheduledAfter, int logTailMaxChars, Redactor redactor) {

    public static DiagnosisSettings defaults() {
        return new DiagnosisSettings(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(5), 4000,
                Redactor.standard());
    }
}
