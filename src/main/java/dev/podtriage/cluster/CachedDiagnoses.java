package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Diagnoses read from the informer caches only, for push notifications: no API call (but the
 * previous logs, when asked), no request metrics, no namespace scope (the notifier applies it).
 */
@ApplicationScoped
public class CachedDiagnoses {
    private final Sources sources;
    private final Diagnoser diagnoser;

    CachedDiagnoses(Sources sources, Diagnoser diagnoser) {
        this.sources = sources;
        this.diagnoser = diagnoser;
    }

    /** The caches are listed and watching: what this class answers is the current state. */
    public boolean live() {
        return sources.live();
    }

    /** One pod; empty when it is not in the caches. */
    public Optional<Diagnosis> pod(String namespace, String name, Instant at, boolean withLogs) {
        return sources.cached().flatMap(source -> source.pod(namespace, name)
                .map(p -> diagnoser.pod(source, p, at, withLogs ? sources.deadline() : null, true)));
    }

    /** Every watched pod, without logs. */
    public List<Diagnosis> pods(Instant at) {
        return sources.cached().map(source -> {
            return diagnoser.pods(source, source.pods(null), at, null, true, false);
        }).orElse(List.of());
    }

    /** A workload's report, with the uid that tells it from a recreated one of the same name. */
    public record CachedWorkload(String uid, WorkloadReport report) {
    }

    /**
     * One workload; a ReplicaSet a Deployment controls is answered with its Deployment. Empty when it
     * is not in the caches (or its Deployment is not).
     */
    public Optional<CachedWorkload> workload(String namespace, WorkloadKind kind, String name, Instant at) {
        Optional<CachedSource> cached = sources.cached();
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        CachedSource source = cached.get();
        Optional<HasMetadata> w = source.workload(kind, namespace, name);
        Optional<OwnerReference> deployment = w.flatMap(WorkloadReports::deploymentRef);
        if (deployment.isPresent()) {
            w = source.workload(WorkloadKind.DEPLOYMENT, namespace, deployment.get().getName());
        }
        return w.map(x -> new CachedWorkload(x.getMetadata().getUid(), diagnoser.workload(source, x, at)));
    }

    /**
     * The watched workloads (Deployments, StatefulSets, DaemonSets, Jobs, and ReplicaSets no
     * Deployment controls) that have findings of their own at {@code at}, with their reports. Pods
     * are diagnosed for those only.
     */
    public List<CachedWorkload> workloads(Instant at) {
        Optional<CachedSource> cached = sources.cached();
        if (cached.isEmpty()) {
            return List.of();
        }
        WorkloadReports judge = diagnoser.workloads(cached.get());
        return judge.withOwnFindings(null, at).stream()
                .map(w -> new CachedWorkload(w.getMetadata().getUid(), judge.report(w, at))).toList();
    }
}
