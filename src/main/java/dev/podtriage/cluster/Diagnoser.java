package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Evaluation;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the pure engine on what a {@link ClusterSource} reads: a pod's snapshot (assembled as offline
 * input is, by {@link SnapshotAssembler}), and workloads as {@link WorkloadReports} judges them for every source.
 */
@ApplicationScoped
class Diagnoser {
    private final DiagnosisEngine engine;
    private final ClusterConnection connection;
    private final PreviousLogs logs;
    /** Pods run through the engine since start: the seam that tells a report served from the memo from one made afresh. */
    private final LongAdder podEvaluations = new LongAdder();

    Diagnoser(DiagnosisEngine engine, ClusterConnection connection, PreviousLogs logs) {
        this.engine = engine;
        this.connection = connection;
        this.logs = logs;
    }

    String clusterName() {
        return connection.clusterName();
    }

    /**
     * One pod, with the previous log of its crashed containers fetched by {@code logsBy} (none when
     * null); its node and owner only when {@code enrich} (a direct-read report skips them: each would
     * be an API call).
     */
    Diagnosis pod(ClusterSource source, Pod pod, Instant at, Deadline logsBy, boolean enrich) {
        return pods(source, List.of(pod), at, logsBy, enrich, false).get(0);
    }

    /**
     * Many pods: snapshots first, then every log tail in parallel within {@code logsBy}, then the
     * engine; on every core when {@code parallel} (the source must then be thread-safe).
     */
    List<Diagnosis> pods(ClusterSource source, List<Pod> pods, Instant at, Deadline logsBy, boolean enrich, boolean parallel) {
        List<PodSnapshot> snapshots = (parallel ? pods.parallelStream() : pods.stream())
                .map(p -> new SnapshotAssembler(source, enrich).snapshot(p)).toList();
        if (logsBy != null) {
            List<Map<String, String>> tails = logs.forCrashedContainers(snapshots, logsBy);
            List<PodSnapshot> withLogs = new ArrayList<>(snapshots.size());
            for (int i = 0; i < snapshots.size(); i++) {
                withLogs.add(tails.get(i).isEmpty() ? snapshots.get(i) : snapshots.get(i).withPreviousLogs(tails.get(i)));
            }
            snapshots = withLogs;
        }
        return (parallel ? snapshots.parallelStream() : snapshots.stream()).map(s -> evaluate(s, at).diagnosis()).toList();
    }

    /** One snapshot through the engine, with its horizon. */
    Evaluation evaluate(PodSnapshot snapshot, Instant at) {
        podEvaluations.increment();
        return engine.evaluate(snapshot, at, clusterName());
    }

    /** How many pods the engine diagnosed since start (every path of this class counts). */
    long podEvaluations() {
        return podEvaluations.sum();
    }

    /** The workload judge over one source: own findings, reports, and which workloads of a scope have findings. */
    WorkloadReports workloads(ClusterSource source) {
        return new WorkloadReports(engine, source, clusterName());
    }

    /** A workload's report: its pods' diagnoses and its own findings (see {@link WorkloadReports#report}). */
    WorkloadReport workload(ClusterSource source, HasMetadata workload, Instant at) {
        SnapshotAssembler assembler = new SnapshotAssembler(source, true);
        return workloads(source).report(workload, at, p -> evaluate(assembler.snapshot(p), at).diagnosis());
    }
}
