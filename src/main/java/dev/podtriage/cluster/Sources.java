package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Where a request reads the cluster: the informer caches while they are live, else the API server directly. */
@ApplicationScoped
class Sources {
    private final ClusterCache cache;
    private final KubernetesClient client;
    private final ClusterErrors errors;
    private final TriageConfig config;

    private final ClusterCalls calls;

    Sources(ClusterCache cache, KubernetesClient client, ClusterErrors errors, ClusterCalls calls, TriageConfig config) {
        this.cache = cache;
        this.client = client;
        this.errors = errors;
        this.calls = calls;
        this.config = config;
    }

    /** A new request's deadline ({@code triage.cluster.request-deadline}), covering every call it makes. */
    Deadline deadline() {
        return Deadline.in(config.cluster().requestDeadline());
    }

    /** The caches are enabled, listed and watching. */
    boolean live() {
        return config.cluster().cache() && cache.live();
    }

    /**
     * For one request: the caches when live, else a direct reader that fetches each list once and
     * waits for the API server no longer than {@code deadline}.
     */
    ClusterSource current(Deadline deadline) {
        return live() ? new CachedSource(cache) : direct(deadline);
    }

    /** A direct reader, for a question the caches answered "no" to but may only lag behind on. */
    ClusterSource direct(Deadline deadline) {
        return new DirectSource(client, errors, calls, deadline);
    }

    /** The caches as they are, live or still filling; empty when there are none. */
    Optional<CachedSource> cached() {
        return cache.kinds() == null ? Optional.empty() : Optional.of(new CachedSource(cache));
    }
}
