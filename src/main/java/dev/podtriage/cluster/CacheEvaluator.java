package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Evaluation;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The informer caches and the engine, for the memo ({@code dev.podtriage.stream}): what a changed
 * object touches, and a fresh evaluation of one pod or workload over the caches. Never reads the
 * memo, never calls the API server. Empty answers while there are no caches.
 */
@ApplicationScoped
public class CacheEvaluator {
    private final Sources sources;
    private final ClusterCache cache;
    private final Diagnoser diagnoser;

    CacheEvaluator(Sources sources, ClusterCache cache, Diagnoser diagnoser) {
        this.sources = sources;
        this.cache = cache;
        this.diagnoser = diagnoser;
    }

    /** The caches are enabled, listed and watching. */
    public boolean live() {
        return sources.live();
    }

    public String clusterName() {
        return diagnoser.clusterName();
    }

    /** How many pods the engine diagnosed since start, on every path (the memo's and fresh reports'). */
    public long podEvaluations() {
        return diagnoser.podEvaluations();
    }

    /** Every cached pod. */
    public List<Pod> pods() {
        return sources.cached().map(s -> s.pods(null)).orElse(List.of());
    }

    /** The cached pods of one namespace. */
    public List<Pod> podsIn(String namespace) {
        return sources.cached().map(s -> s.pods(namespace)).orElse(List.of());
    }

    /** The cached workloads of one namespace (all when null) judged on their own: all but the ReplicaSets a Deployment controls. */
    public List<HasMetadata> workloadsIn(String namespace) {
        return sources.cached().map(s -> s.workloads(namespace).stream()
                .filter(w -> w.getMetadata() != null && WorkloadReports.deploymentRef(w).isEmpty()).toList()).orElse(List.of());
    }

    public Optional<Pod> pod(String namespace, String name) {
        return sources.cached().flatMap(s -> s.pod(namespace, name));
    }

    /** The cached pods bound to a node. */
    public List<Pod> podsOn(String node) {
        ClusterCache.Kinds k = cache.kinds();
        return k == null || node == null ? List.of() : k.pods().byIndex(ClusterCache.BY_NODE, node);
    }

    /** Every cached workload judged on its own: all but the ReplicaSets a Deployment controls. */
    public List<HasMetadata> workloads() {
        return workloadsIn(null);
    }

    public Optional<HasMetadata> workload(WorkloadKind kind, String namespace, String name) {
        return sources.cached().flatMap(s -> s.workload(kind, namespace, name));
    }

    /**
     * The workload an object's controller (else first owner) reference names, as judged: a
     * ReplicaSet's Deployment, when one controls it. Empty when the owner is not cached.
     */
    public Optional<HasMetadata> judgedOwner(HasMetadata obj) {
        ObjectMeta meta = obj.getMetadata();
        OwnerReference ref = SnapshotAssembler.controllerOf(meta);
        if (ref == null) {
            return Optional.empty();
        }
        String namespace = meta.getNamespace();
        return WorkloadKind.of(ref.getKind()).flatMap(k -> workload(k, namespace, ref.getName())).flatMap(this::judged);
    }

    /** The workload as judged: a ReplicaSet a Deployment controls is judged with its Deployment (empty when that is not cached). */
    public Optional<HasMetadata> judged(HasMetadata workload) {
        Optional<OwnerReference> deployment = WorkloadReports.deploymentRef(workload);
        return deployment.isEmpty() ? Optional.of(workload)
                : workload(WorkloadKind.DEPLOYMENT, workload.getMetadata().getNamespace(), deployment.get().getName());
    }

    /** The cached pods a workload owns, a Deployment's through its ReplicaSets. */
    public List<Pod> podsOf(HasMetadata workload) {
        Optional<CachedSource> cached = sources.cached();
        if (cached.isEmpty() || workload.getMetadata() == null) {
            return List.of();
        }
        List<Pod> out = new ArrayList<>(cached.get().podsOwnedBy(workload));
        if (WorkloadKind.DEPLOYMENT.kind().equals(workload.getKind())) {
            cached.get().ownedReplicaSets(workload).forEach(rs -> out.addAll(cached.get().podsOwnedBy(rs)));
        }
        return out;
    }

    /** A cached pod through the engine: its snapshot from the caches (node, owner, events), no log. */
    public Evaluation evaluate(Pod pod, Instant at) {
        CachedSource source = sources.cached().orElseThrow(() -> new IllegalStateException("no caches"));
        return diagnoser.evaluate(new SnapshotAssembler(source, true).snapshot(pod), at);
    }

    /** A workload's report and its horizon, its pods' diagnoses given by {@code pods} (the memo's). */
    public WorkloadReports.Judged judge(HasMetadata workload, Instant at, Function<Pod, Diagnosis> pods) {
        CachedSource source = sources.cached().orElseThrow(() -> new IllegalStateException("no caches"));
        return diagnoser.workloads(source).judge(workload, at, pods);
    }
}
