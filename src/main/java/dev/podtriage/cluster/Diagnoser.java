package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Runs the pure engine on what a {@link ClusterSource} reads: a pod's snapshot (assembled as offline
 * input is, by {@link SnapshotAssembler}), and workloads as {@link WorkloadReports} judges them for every source.
 */
@ApplicationScoped
class Diagnoser {
    private final DiagnosisEngine engine;
    private final ClusterConnection connection;
    private final PreviousLogs logs;

    Diagnoser(DiagnosisEngine engine, ClusterConnection connection, PreviousLogs logs) {
        this.engine = engine;
        this.connection = connection;
        this.logs = logs;
    }

    String clusterName() {
        return connection.clusterName();
    }

    /**
     * One pod, with the previous log of its crashed containers when {@code withLogs}; its node and
     * owner only when {@code enrich} (a direct-read report skips them: each would be an API call).
     */
    Diagnosis pod(ClusterSource source, Pod pod, Instant at, boolean withLogs, boolean enrich) {
        PodSnapshot s = new SnapshotAssembler(source, enrich).snapshot(pod);
        return engine.diagnose(withLogs ? s.withPreviousLogs(logs.forCrashedContainers(s)) : s, at, clusterName());
    }

    /** The workload judge over one source: own findings, reports, and which workloads of a scope have findings. */
    WorkloadReports workloads(ClusterSource source) {
        return new WorkloadReports(engine, source, clusterName());
    }

    /** A workload's report: its pods' diagnoses and its own findings (see {@link WorkloadReports#report}). */
    WorkloadReport workload(ClusterSource source, HasMetadata workload, Instant at) {
        return workloads(source).report(workload, at);
    }
}
