package dev.podtriage.notify;

import dev.podtriage.cluster.ClusterCache;
import dev.podtriage.incidents.Member;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The labels and annotations a sink's label selectors see for one member of an incident, read from
 * the caches: the namespace's, then the workload's (the member's owner, or the member itself), then
 * the pod's, the nearer object winning on the same key.
 */
final class MemberMetadata implements Function<Member, Map<String, String>> {
    private final ClusterCache cache;

    MemberMetadata(ClusterCache cache) {
        this.cache = cache;
    }

    @Override
    public Map<String, String> apply(Member m) {
        Map<String, String> out = new HashMap<>();
        add(out, "Namespace", null, m.namespace());
        if (m.owner() != null) {
            add(out, m.owner().kind(), m.namespace(), m.owner().name());
        }
        add(out, m.kind(), m.namespace(), m.name());
        return out;
    }

    private void add(Map<String, String> out, String kind, String namespace, String name) {
        cache.metadata(kind, namespace, name).ifPresent((ObjectMeta meta) -> {
            if (meta.getAnnotations() != null) {
                out.putAll(meta.getAnnotations());
            }
            if (meta.getLabels() != null) {
                out.putAll(meta.getLabels());
            }
        });
    }
}
