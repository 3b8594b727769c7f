package dev.podtriage.diagnosis.input;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Workloads judged the same way for every source (caches, direct reads, offline bodies): a
 * workload's own findings from its events and, for a Deployment, its ReplicaSets' events; its pods'
 * diagnoses; and which workloads of a scope have findings of their own, so that a Deployment with
 * no pod at all is visible in its namespace's report.
 */
public final class WorkloadReports {
    private static final Comparator<HasMetadata> BY_NAMESPACE_KIND_NAME = Comparator
            .comparing((HasMetadata w) -> Objects.toString(w.getMetadata().getNamespace(), ""))
            .thenComparing(HasMetadata::getKind)
            .thenComparing(w -> Objects.toString(w.getMetadata().getName(), ""));

    private final DiagnosisEngine engine;
    private final WorkloadSource source;
    private final String cluster;

    public WorkloadReports(DiagnosisEngine engine, WorkloadSource source, String cluster) {
        this.engine = engine;
        this.source = source;
        this.cluster = cluster;
    }

    /**
     * Whether a workload needs a report at all (judged without its pods): it has findings of its own, or some that
     * the operator's settings suppressed (see {@link WorkloadReport#listed()}).
     */
    private boolean listed(HasMetadata workload, Instant at) {
        RuleCatalog.Applied own = engine.evaluateWorkload(workload, events(controllers(workload)), List.of(), at);
        return WorkloadReport.listed(own.findings(), own.suppressed());
    }

    /**
     * The report of a workload: its pods' diagnoses, and its own findings from its events and, for a
     * Deployment, its ReplicaSets' events (naming the pods' root cause where a finding can).
     */
    public WorkloadReport report(HasMetadata workload, Instant at) {
        SnapshotAssembler assembler = new SnapshotAssembler(source, true);
        return report(workload, at, p -> engine.diagnose(assembler.snapshot(p), at, cluster));
    }

    /** The same, with each pod's diagnosis made (or recalled) by {@code diagnosis}. */
    public WorkloadReport report(HasMetadata workload, Instant at, Function<Pod, Diagnosis> diagnosis) {
        return judge(workload, at, diagnosis).report();
    }

    /**
     * A workload's report with the instant its own findings could next change by time alone.
     *
     * @param horizon null when nothing but a new input changes them
     */
    public record Judged(WorkloadReport report, Instant horizon) {
    }

    /** The report, with each pod's diagnosis made (or recalled) by {@code diagnosis}, and its horizon. */
    public Judged judge(HasMetadata workload, Instant at, Function<Pod, Diagnosis> diagnosis) {
        List<HasMetadata> controllers = controllers(workload);
        List<Diagnosis> pods = new ArrayList<>();
        for (HasMetadata c : controllers) {
            for (Pod p : source.podsOwnedBy(c)) {
                pods.add(diagnosis.apply(p));
            }
        }
        DiagnosisEngine.WorkloadFindings own = engine.judgeWorkload(workload, events(controllers), pods,
                SnapshotAssembler.optOutSources(source, workload.getMetadata()), at);
        return new Judged(WorkloadReport.of(cluster, workload, own.findings(), own.suppressed(), pods, at)
                .withOptOutProblems(own.optOutProblems()), own.horizon());
    }

    /**
     * The workloads of a namespace (all when null) that have findings of their own at {@code at} (or suppressed ones),
     * in a stable order; a ReplicaSet a Deployment controls is judged with its Deployment.
     */
    public List<HasMetadata> withOwnFindings(String namespace, Instant at) {
        return source.workloads(namespace).stream()
                .filter(w -> w.getMetadata() != null && WorkloadKind.of(w.getKind()).isPresent() && deploymentRef(w).isEmpty())
                .filter(w -> listed(w, at))
                .sorted(BY_NAMESPACE_KIND_NAME)
                .toList();
    }

    /** The reports of {@link #withOwnFindings}. */
    public List<WorkloadReport> reports(String namespace, Instant at) {
        return withOwnFindings(namespace, at).stream().map(w -> report(w, at)).toList();
    }

    /** The reference to the Deployment that controls a ReplicaSet, if one does. */
    public static Optional<OwnerReference> deploymentRef(HasMetadata w) {
        if (!WorkloadKind.REPLICA_SET.kind().equals(w.getKind())) {
            return Optional.empty();
        }
        OwnerReference ref = SnapshotAssembler.controllerOf(w.getMetadata());
        return ref != null && WorkloadKind.DEPLOYMENT.kind().equals(ref.getKind()) ? Optional.of(ref) : Optional.empty();
    }

    /** The workload and, for a Deployment, its ReplicaSets: FailedCreate is reported on the ReplicaSet. */
    private List<HasMetadata> controllers(HasMetadata workload) {
        List<HasMetadata> controllers = new ArrayList<>();
        controllers.add(workload);
        if (WorkloadKind.DEPLOYMENT.kind().equals(workload.getKind())) {
            controllers.addAll(source.ownedReplicaSets(workload));
        }
        return controllers;
    }

    private List<Event> events(List<HasMetadata> controllers) {
        List<Event> all = new ArrayList<>();
        for (HasMetadata c : controllers) {
            all.addAll(source.eventsAbout(c.getKind(), c.getMetadata()));
        }
        return all;
    }
}
