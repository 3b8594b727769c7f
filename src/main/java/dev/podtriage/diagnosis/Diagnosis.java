package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The diagnosis of one pod (api.md). {@code findings[0]} is the root cause.
 *
 * @param severity the worst finding's severity, or null when there is no finding at all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Diagnosis(String cluster, PodInfo pod, boolean healthy, Severity severity, String summary,
                        List<Finding> findings, Instant evaluatedAt) {

    public Diagnosis withCluster(String cluster) {
        return new Diagnosis(cluster, pod, healthy, severity, summary, findings, evaluatedAt);
    }

    /** Whether the diagnosis has a finding of at least this severity. */
    public boolean hasFindingAtLeast(Severity minimum) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(minimum));
    }
}
