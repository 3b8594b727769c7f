package dev.podtriage.notify;

import dev.podtriage.diagnosis.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Push notifications ({@code triage.notify.*}): which failing pods and workloads to post, where, and how to deliver. */
@ConfigMapping(prefix = "triage.notify")
public interface NotifyConfig {

    /** Watch the caches and post failing pods and workloads to the sinks. */
    @WithDefault("false")
    boolean enabled();

    /** How often pods and workloads with an open state (waiting out a delay, or alerted) are re-evaluated, so delays fire without new events. */
    @WithDefault("15s")
    Duration interval();

    /** How often every cached pod and workload is re-evaluated: states that arise with time alone, such as a pod pending too long. */
    @WithDefault("1m")
    Duration sweepInterval();

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

        /** Quote the previous log of crashed containers in firing messages (one API call per message). */
        @WithDefault("true")
        boolean previousLogs();
    }

    interface Sink {
        /** slack (incoming webhook, Block Kit), teams (incoming webhook or Workflows, Adaptive Card), webhook (Diagnosis JSON). */
        SinkType type();

        /** Where to POST. A secret for Slack and Teams: it is never logged. */
        String url();

        /** Extra request headers, e.g. {@code Authorization} for a generic webhook; never logged. */
        Map<String, String> headers();

        /** Namespaces to report (glob patterns such as {@code team-*}); all when unset. */
        Optional<List<String>> namespaces();

        /** Namespaces never reported (glob patterns); wins over {@code namespaces}. */
        Optional<List<String>> excludeNamespaces();

        /** Rule IDs to report; all when unset. */
        Optional<List<String>> rules();

        /** Rule IDs never reported; wins over {@code rules}. */
        Optional<List<String>> excludeRules();

        /** Lowest severity reported: critical, warning or info. */
        @WithDefault("warning")
        Severity minSeverity();

        /** How long a finding must persist before it is news (a Pending pod scheduled within it is not sent). */
        @WithDefault("2m")
        Duration delay();

        /** Least time between two firing messages for the same pod (or workload) and rule. */
        @WithDefault("30m")
        Duration cooldown();

        /** Post a "resolved" message when an alerted pod or workload recovers or is deleted. */
        @WithDefault("true")
        boolean sendResolved();
    }

    enum SinkType {
        SLACK, TEAMS, WEBHOOK
    }
}
