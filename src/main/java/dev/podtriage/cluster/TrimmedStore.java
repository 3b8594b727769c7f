package dev.podtriage.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;

/**
 * An informer's item store that keeps only what the engine and the service read: before an object
 * is cached (and before the handlers see it) its {@code managedFields}, its
 * {@code kubectl.kubernetes.io/last-applied-configuration} and any other annotation longer than
 * {@link #LARGE_ANNOTATION} characters, and a node's list of cached images, are dropped; what
 * remains is {@linkplain ModelCompactor compacted}.
 */
final class TrimmedStore<T extends HasMetadata> extends BasicItemStore<T> {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** No annotation the service reads comes near this length; the large ones are whole manifests. */
    static final int LARGE_ANNOTATION = 256;

    TrimmedStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T obj) {
        return super.put(key, trim(obj));
    }

    static <T extends HasMetadata> T trim(T obj) {
        ObjectMeta meta = obj.getMetadata();
        if (meta != null) {
            meta.setManagedFields(null);
            Map<String, String> annotations = meta.getAnnotations();
            if (annotations != null && !annotations.isEmpty()) {
                annotations.entrySet().removeIf(a -> LAST_APPLIED.equals(a.getKey())
                        || a.getValue() != null && a.getValue().length() > LARGE_ANNOTATION);
            }
        }
        if (obj instanceof Node node && node.getStatus() != null) {
            node.getStatus().setImages(null);
        }
        ModelCompactor.compact(obj);
        return obj;
    }
}
