package dev.podtriage.incidents;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Incidents ({@code triage.incidents.*}): how often findings are grouped, and how long resolved incidents are kept. */
@ConfigMapping(prefix = "triage.incidents")
public interface IncidentsConfig {

    /** Group the cached diagnoses into incidents on a schedule (and when the API or chat asks). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often pending changes are settled (with the memo: cheap), or, without the memo
     * ({@code triage.cluster.memo=false}), every cached pod and workload is grouped afresh.
     */
    @WithDefault("15s")
    Duration interval();

    /**
     * With the memo, how often the incidents kept from its changes are checked against a fresh
     * grouping of every kept diagnosis (a safety net; a difference is logged and corrected).
     */
    @WithDefault("10m")
    Duration checkInterval();

    /** Without the memo, a request re-evaluates first when the last evaluation is older than this. */
    @WithDefault("1s")
    Duration maxAge();

    /** How many resolved incidents are kept in memory, newest first. */
    @WithDefault("1000")
    int keepResolved();

    /** How long a resolved incident is kept in memory. */
    @WithDefault("24h")
    Duration retention();
}
