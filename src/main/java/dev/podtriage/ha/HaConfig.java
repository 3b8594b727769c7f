package dev.podtriage.ha;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** High availability ({@code triage.ha.*}): which replica sends notifications and cleans the history up. */
@ConfigMapping(prefix = "triage.ha")
public interface HaConfig {

    /** Leader election on a Kubernetes Lease; off, this replica always leads (run one replica only). */
    @WithDefault("false")
    boolean leaderElection();

    /** The Lease's name (the chart's Role grants get/update on exactly this name). */
    @WithDefault("pod-triage-leader")
    String leaseName();

    /** The Lease's namespace; by default the service's own (the service account's namespace). */
    Optional<String> leaseNamespace();

    /** This replica's name in the Lease; by default the pod's name ({@code HOSTNAME}). */
    Optional<String> identity();

    /** How long a Lease holds without renewal: a killed leader is replaced within it. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it stops leading (shorter than the lease duration). */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often the Lease is tried and renewed. */
    @WithDefault("2s")
    Duration retryPeriod();
}
