package dev.podtriage.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The rollout gate ({@code triage.rollout.*}): how long a caller may wait and how sure a failure must be. */
@ConfigMapping(prefix = "triage.rollout")
public interface RolloutConfig {

    /** How long a rollout request waits when it names no {@code timeout}. */
    @WithDefault("300s")
    Duration defaultTimeout();

    /** The longest {@code timeout} a caller may ask for; a longer one is cut to this. */
    @WithDefault("30m")
    Duration maxTimeout();

    /** A critical root cause fails a rollout once it was seen at two evaluations at least this far apart. */
    @WithDefault("5s")
    Duration confirmAfter();

    /** How often a waiting rollout is evaluated again (besides on every diagnosis change of its namespace). */
    @WithDefault("1s")
    Duration interval();
}
