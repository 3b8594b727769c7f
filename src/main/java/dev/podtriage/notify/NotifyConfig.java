package dev.podtriage.notify;

import dev.podtriage.diagnosis.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Push notifications ({@code triage.notify.*}): which incidents to post, where, and how to deliver. */
@ConfigMapping(prefix = "triage.notify")
public interface NotifyConfig {

    /** Post incidents (opened, grown, resolved) to the sinks. */
    @WithDefault("false")
    boolean enabled();

    /** How often open incidents are looked at again, so a sink's delay ends without a new change. */
    @WithDefault("15s")
    Duration interval();

    /** Blast radii (pods) past which an open incident is posted again, once each: not on every new pod. */
    @WithDefault("10,50,100")
    List<Integer> growthThresholds();

    Delivery delivery();

    /** The sinks, by name (the name is what logs and metrics show, never the URL). */
    Map<String, Sink> sinks();

    interface Delivery {
        /** Attempts per message, the first included; 5xx, 429 and connection errors are retried. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the first retry; doubled for each further one. */
        @WithDefault("2s")
        Duration initialBackoff();

        /** Longest wait between two attempts, also the cap of a {@code Retry-After} answer. */
        @WithDefault("1m")
        Duration maxBackoff();

        /** Longest wait for the receiver's answer (and for the connection). */
        @WithDefault("10s")
        Duration timeout();

        /** Messages waiting to be delivered (retries included) at most; more are dropped and counted. */
        @WithDefault("500")
        int maxPending();
    }

    interface Sink {
        /**
         * slack (incoming webhook, Block Kit), teams (incoming webhook or Workflows, Adaptive Card), webhook (Incident JSON),
         * pagerduty (Events API v2).
         */
        SinkType type();

        /** Where to POST. A secret for Slack and Teams: it is never logged. PagerDuty's Events API v2 when unset for pagerduty. */
        Optional<String> url();

        /** PagerDuty's integration (routing) key, for type pagerduty: give it from a Secret or the environment; never logged. */
        Optional<String> routingKey();

        /** Extra request headers, e.g. {@code Authorization} for a generic webhook; never logged. */
        Map<String, String> headers();

        /** Namespaces to report (glob patterns such as {@code team-*}); all when unset. */
        Optional<List<String>> namespaces();

        /** Namespaces never reported (glob patterns); wins over {@code namespaces}. */
        Optional<List<String>> excludeNamespaces();

        /**
         * Label selectors ({@code team=payments}, or {@code team} for any value) that a member's pod, workload or namespace must
         * carry, among its labels or annotations, for the incident to reach this sink; all must hold. Every incident when unset.
         */
        Optional<List<String>> labels();

        /** Rule IDs to report; all when unset. */
        Optional<List<String>> rules();

        /** Rule IDs never reported; wins over {@code rules}. */
        Optional<List<String>> excludeRules();

        /** Lowest incident severity reported: critical, warning or info. */
        @WithDefault("warning")
        Severity minSeverity();

        /** How long an incident must stay open before it is news (a Pending pod scheduled within it is not sent). */
        @WithDefault("2m")
        Duration delay();

        /** Least time between the last message about an incident to this sink and the opening message of its next episode. */
        @WithDefault("30m")
        Duration cooldown();

        /** Post a "resolved" message when an announced incident resolves. */
        @WithDefault("true")
        boolean sendResolved();
    }

    enum SinkType {
        SLACK, TEAMS, WEBHOOK, PAGERDUTY
    }
}
