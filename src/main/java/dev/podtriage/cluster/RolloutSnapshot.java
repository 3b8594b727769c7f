package dev.podtriage.cluster;

import dev.podtriage.diagnosis.RolloutProgress;
import dev.podtriage.diagnosis.WorkloadReport;

/** A workload's report and its rollout's progress, read at one instant from one source. */
public record RolloutSnapshot(WorkloadReport report, RolloutProgress progress) {
}
