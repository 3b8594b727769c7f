package dev.podtriage.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The informer cache of one resource kind: one informer for all namespaces, or one per watched
 * namespace. Reads never call the API server.
 */
final class CachedKind<T extends HasMetadata> {
    final String resource;
    private final List<SharedIndexInformer<T>> informers;

    CachedKind(String resource, List<SharedIndexInformer<T>> informers) {
        this.resource = resource;
        this.informers = List.copyOf(informers);
    }

    /** Listed once and watching: its content is current. */
    boolean live() {
        return informers.stream().allMatch(i -> i.hasSynced() && i.isWatching());
    }

    boolean synced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    List<T> all() {
        List<T> out = new ArrayList<>();
        informers.forEach(i -> out.addAll(i.getStore().list()));
        return out;
    }

    /** Objects of one namespace, from the namespace index; all namespaces when {@code namespace} is null. */
    List<T> inNamespace(String namespace) {
        if (namespace == null) {
            return all();
        }
        List<T> out = new ArrayList<>();
        informers.forEach(i -> out.addAll(i.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)));
        return out;
    }

    Optional<T> get(String namespace, String name) {
        String key = namespace == null ? name : namespace + "/" + name;
        for (SharedIndexInformer<T> i : informers) {
            T found = i.getStore().getByKey(key);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    List<T> byIndex(String index, String value) {
        if (value == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        informers.forEach(i -> out.addAll(i.getIndexer().byIndex(index, value)));
        return out;
    }

    void stop() {
        informers.forEach(SharedIndexInformer::stop);
    }
}
