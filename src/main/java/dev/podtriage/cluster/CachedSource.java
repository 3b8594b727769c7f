package dev.podtriage.cluster;

import dev.podtriage.diagnosis.WorkloadKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads from the informer caches: no API call at all. */
final class CachedSource implements ClusterSource {
    private final ClusterCache cache;
    private final ClusterCache.Kinds kinds;

    CachedSource(ClusterCache cache) {
        this.cache = cache;
        this.kinds = cache.kinds();
    }

    @Override
    public boolean free() {
        return true;
    }

    @Override
    public boolean namespaceExists(String namespace) {
        return kinds.namespaces().get(null, namespace).isPresent();
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return kinds.pods().get(namespace, name);
    }

    @Override
    public List<Pod> pods(String namespace) {
        return kinds.pods().inNamespace(namespace);
    }

    @Override
    public List<Pod> podsOwnedBy(HasMetadata owner) {
        return kinds.pods().byIndex(ClusterCache.BY_OWNER_UID, owner.getMetadata().getUid());
    }

    @Override
    public List<Event> eventsAbout(String kind, ObjectMeta meta) {
        return cache.eventsAbout(kind, meta);
    }

    @Override
    public Optional<Node> node(String name) {
        return name == null ? Optional.empty() : kinds.nodes().get(null, name);
    }

    /** Workloads and Namespaces from the caches; a CronJob is not cached. */
    @Override
    public Optional<ObjectMeta> metadata(String kind, String namespace, String name) {
        return cache.metadata(kind, namespace, name);
    }

    @Override
    public Optional<HasMetadata> workload(WorkloadKind kind, String namespace, String name) {
        return kinds.workloads(kind).get(namespace, name).map(HasMetadata.class::cast);
    }

    /** Every cached workload of every kind, of one namespace or of all when null. */
    @Override
    public List<HasMetadata> workloads(String namespace) {
        List<HasMetadata> all = new ArrayList<>();
        for (WorkloadKind k : WorkloadKind.values()) {
            kinds.workloads(k).all().stream()
                    .filter(w -> namespace == null || w.getMetadata() != null && namespace.equals(w.getMetadata().getNamespace()))
                    .forEach(all::add);
        }
        return all;
    }

    @Override
    public List<HasMetadata> ownedReplicaSets(HasMetadata deployment) {
        return List.copyOf(kinds.replicaSets().byIndex(ClusterCache.BY_OWNER_UID, deployment.getMetadata().getUid()));
    }
}
