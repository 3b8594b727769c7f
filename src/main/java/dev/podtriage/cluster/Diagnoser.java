package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the pure engine on what a {@link ClusterSource} reads: a pod's snapshot (assembled as offline
 * input is, by {@link SnapshotAssembler}), and a workload's own findings with its pods' diagnoses.
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
        return (parallel ? snapshots.parallelStream() : snapshots.stream()).map(s -> engine.diagnose(s, at, clusterName())).toList();
    }

    /** A workload's own findings (no pod diagnosed): whether it needs a report at all. */
    List<Finding> ownFindings(ClusterSource source, HasMetadata workload, Instant at) {
        return engine.diagnoseWorkload(workload, events(source, controllers(source, workload)), at);
    }

    /**
     * The report of a workload: its pods' diagnoses, and its own findings from its events and, for a
     * Deployment, its ReplicaSets' events (naming the pods' root cause where a finding can).
     */
    WorkloadReport workload(ClusterSource source, HasMetadata workload, Instant at) {
        List<HasMetadata> controllers = controllers(source, workload);
        List<Diagnosis> pods = new ArrayList<>();
        for (HasMetadata c : controllers) {
            for (Pod p : source.podsOwnedBy(c)) {
                pods.add(pod(source, p, at, null, true));
            }
        }
        List<Finding> own = engine.diagnoseWorkload(workload, events(source, controllers), pods, at);
        return WorkloadReport.of(clusterName(), workload, own, pods, at);
    }

    /** The workload and, for a Deployment, its ReplicaSets: FailedCreate is reported on the ReplicaSet. */
    private static List<HasMetadata> controllers(ClusterSource source, HasMetadata workload) {
        List<HasMetadata> controllers = new ArrayList<>();
        controllers.add(workload);
        if (WorkloadKind.DEPLOYMENT.kind().equals(workload.getKind())) {
            controllers.addAll(source.ownedReplicaSets(workload));
        }
        return controllers;
    }

    private static List<Event> events(ClusterSource source, List<HasMetadata> controllers) {
        List<Event> all = new ArrayList<>();
        for (HasMetadata c : controllers) {
            all.addAll(source.eventsAbout(c.getKind(), c.getMetadata()));
        }
        return all;
    }
}
