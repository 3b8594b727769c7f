package dev.podtriage.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The informer cache of one resource kind: one informer for all namespaces, or one per watched
 * namespace. Reads never call the API server.
 */
final class CachedKind<T extends HasMetadata> {
    final String resource;
    private final List<WatchedInformer<T>> watched;

    CachedKind(String resource, List<WatchedInformer<T>> watched) {
        this.resource = resource;
        this.watched = List.copyOf(watched);
    }

    /** The informers as they are now (a re-list replaces one). */
    private List<SharedIndexInformer<T>> informers() {
        return watched.stream().map(WatchedInformer::informer).toList();
    }

    /** Listed, watching, and no doubt about any watch: its content is current. */
    boolean live() {
        return watched.stream().allMatch(WatchedInformer::live);
    }

    boolean synced() {
        return watched.stream().allMatch(WatchedInformer::synced);
    }

    /** What may be stale and why, by informer. */
    Map<String, String> doubts() {
        Map<String, String> out = new LinkedHashMap<>();
        watched.stream().filter(w -> w.doubt() != null).forEach(w -> out.put(w.what, w.doubt()));
        return out;
    }

    /** Checks every watch's continuity (see {@link WatchedInformer#check}). */
    void check(Duration maxSilence) {
        watched.forEach(w -> w.check(maxSilence));
    }

    List<T> all() {
        List<T> out = new ArrayList<>();
        informers().forEach(i -> out.addAll(i.getStore().list()));
        return out;
    }

    /** Objects of one namespace, from the namespace index; all namespaces when {@code namespace} is null. */
    List<T> inNamespace(String namespace) {
        if (namespace == null) {
            return all();
        }
        List<T> out = new ArrayList<>();
        informers().forEach(i -> out.addAll(i.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)));
        return out;
    }

    Optional<T> get(String namespace, String name) {
        String key = namespace == null ? name : namespace + "/" + name;
        for (SharedIndexInformer<T> i : informers()) {
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
        informers().forEach(i -> out.addAll(i.getIndexer().byIndex(index, value)));
        return out;
    }

    void stop() {
        watched.forEach(WatchedInformer::stop);
    }
}
