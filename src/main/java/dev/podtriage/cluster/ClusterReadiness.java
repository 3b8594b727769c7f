package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the caches are listed and watching the API server; DOWN during an outage, before
 * the first sync, or while a cache may be stale (its watch was interrupted or went silent: it is
 * being re-listed; the data names it) (liveness stays UP: restarting would not bring the API server back).
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {
    private final ClusterCache cache;
    private final ClusterConnection connection;
    private final TriageConfig config;

    ClusterReadiness(ClusterCache cache, ClusterConnection connection, TriageConfig config) {
        this.cache = cache;
        this.connection = connection;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("kubernetes-api").withData("cluster", connection.clusterName());
        if (!config.cluster().cache()) {
            return b.up().withData("cache", "off").build();
        }
        boolean live = cache.live();
        b.status(live).withData("synced", cache.synced()).withData("watching", live);
        cache.failures().forEach(b::withData);
        // a cache whose watch went silent or was interrupted is being re-listed: say which and why
        cache.doubts().forEach((what, why) -> b.withData("stale " + what, why));
        return b.build();
    }
}
