package dev.podtriage.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * History ({@code triage.history.*}): where finding episodes, incidents and notification state are kept
 * and for how long. The database itself is {@code quarkus.datasource.*}: an H2 file under
 * {@link #directory()} unless {@code quarkus.datasource.jdbc.url} names a PostgreSQL server.
 */
@ConfigMapping(prefix = "triage.history")
public interface HistoryConfig {

    /** Keep history in the database; {@code false} keeps nothing and the service works from memory alone. */
    @WithDefault("true")
    boolean enabled();

    /** The directory of the embedded H2 database file (used by the default {@code quarkus.datasource.jdbc.url}). */
    @WithDefault("${user.home}/.pod-triage")
    String directory();

    /** How long resolved episodes, resolved incidents and notification claims are kept. */
    @WithDefault("30d")
    Duration retention();

    /** At most this many finding episodes are kept; the oldest resolved ones go first. */
    @WithDefault("1000000")
    long maxEpisodes();

    /** At most this many incidents are kept; the oldest resolved ones go first. */
    @WithDefault("100000")
    long maxIncidents();

    /** How often the clean-up (retention and row caps) runs, on the leading replica only. */
    @WithDefault("1h")
    Duration cleanupInterval();

    /**
     * How long after start (with the caches live) an episode left open by the previous run, whose pod or
     * workload no verdict has mentioned since, is taken as ended while the service was down; likewise an incident
     * left open that has had no member since ({@link History#settleAfter()}).
     */
    @WithDefault("5m")
    Duration settleAfter();

    /** Most writes in one database transaction. */
    @WithDefault("500")
    int batchSize();

    /** Writes waiting for the database at most; more are dropped (and logged) rather than slowing the service. */
    @WithDefault("100000")
    int maxPending();
}
