package dev.podtriage.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The service's own settings ({@code triage.*} in application.properties or TRIAGE_* env vars). */
@ConfigMapping(prefix = "triage")
public interface TriageConfig {

    Api api();

    Diagnosis diagnosis();

    Cluster cluster();

    Sandbox sandbox();

    Auth auth();

    Audit audit();

    Scope scope();

    Redaction redaction();

    interface Api {
        /** Largest request body accepted by {@code POST /api/v1/diagnose}; larger gets 413. */
        @WithDefault("8M")
        MemorySize maxBodySize();

        /** Deepest JSON/YAML nesting accepted; a Kubernetes object is far shallower. */
        @WithDefault("64")
        int maxDepth();

        /** Most pods one {@code POST /api/v1/diagnose} may hold; more gets a 400 problem naming this setting. */
        @WithDefault("5000")
        int maxPods();

        /**
         * Heavy requests (offline diagnoses, namespace and cluster reports) served at once per endpoint
         * group; past it the answer is 503 with {@code Retry-After}. Single-pod diagnoses are not counted.
         */
        @WithDefault("4")
        int maxConcurrentReports();
    }

    interface Diagnosis {
        /** An init container running longer than this is reported as stuck. */
        @WithDefault("10m")
        Duration initContainerStuckAfter();

        /** A pod still present this long after its grace period ended is reported as stuck terminating. */
        @WithDefault("5m")
        Duration terminatingStuckAfter();

        /** A pod with no scheduling decision this long after creation is reported. */
        @WithDefault("5m")
        Duration pendingUnscheduledAfter();

        /** Longest previous-log tail quoted as evidence, in characters. */
        @WithDefault("4000")
        int logTailMaxChars();
    }

    interface Cluster {
        /** Name reported as {@code cluster} in every answer; by default the kubeconfig context or {@code in-cluster}. */
        Optional<String> name();

        /** Namespaces to watch and report on; all that the service may read when unset. */
        Optional<List<String>> namespaces();

        /** Keep informer caches of the cluster (list + watch); off, every request reads the API directly. */
        @WithDefault("true")
        boolean cache();

        /**
         * Drop from cached objects what no rule reads ({@code managedFields}, the last applied
         * configuration and other annotations over 256 characters, nodes' image lists) before caching.
         */
        @WithDefault("true")
        boolean trim();

        /**
         * Keep every cached pod's and workload's diagnosis, recomputed when its inputs change or its
         * time horizon passes; current-time reports then read it. Off, every report diagnoses afresh.
         */
        @WithDefault("true")
        boolean memo();

        /** How long the memo gathers a burst of cache changes before recomputing what they touched. */
        @WithDefault("100ms")
        Duration memoCoalesce();

        /**
         * How long the memo holds the first verdict of a pod or workload that appears while it is live
         * before telling its listeners (incidents, history, watch streams): the events about a new
         * pod may reach the caches a moment after the pod. Reports show it meanwhile. {@code 0s}: no hold.
         */
        @WithDefault("1s")
        Duration memoFirstVerdict();

        /** Longest wait for one call to the Kubernetes API; past it the answer is 503. */
        @WithDefault("4s")
        Duration requestTimeout();

        /**
         * Longest time one request spends on the Kubernetes API, all its calls together (reads and
         * log tails); past it the reads answer 503 and the log tails not yet fetched are left out.
         */
        @WithDefault("8s")
        Duration requestDeadline();

        /** Calls to the Kubernetes API (log tails, direct reads) in flight at once, all requests together. */
        @WithDefault("8")
        int maxParallelCalls();

        /**
         * A watch that delivered nothing (no event, no bookmark) for this long is presumed silent: its
         * cache is re-listed, and readiness is DOWN until the re-list is done.
         */
        @WithDefault("3m")
        Duration watchMaxSilence();

        /** How often the caches re-list everything to heal missed watch events. */
        @WithDefault("10m")
        Duration resync();

        /**
         * How often the state gauges ({@code triage_pods_failing}) are recomputed from the caches;
         * a scrape reads the last result and diagnoses nothing.
         */
        @WithDefault("30s")
        Duration stateMetricsInterval();

        /** How many lines of a crashed container's previous log to quote. */
        @WithDefault("20")
        int logTailLines();

        /** Largest log tail fetched, in bytes. */
        @WithDefault("16K")
        MemorySize logMaxSize();
    }

    interface Sandbox {
        /** Start the built-in sandbox cluster (a Kubernetes API server on loopback) and read it. */
        @WithDefault("false")
        boolean enabled();

        /** Its port; 0 picks a free one. */
        @WithDefault("0")
        int port();
    }

    interface Auth {
        /**
         * Bearer tokens accepted on /api/**, by name (the name goes to the audit log, never the token).
         * A blank token, or one shorter than 16 characters, stops start-up.
         */
        Map<String, String> tokens();

        /**
         * With no token configured, answer the API to every caller rather than only to callers on
         * loopback (the connection's own address, never X-Forwarded-For).
         */
        @WithDefault("false")
        boolean open();

        /**
         * Also require an API token for /q/metrics and /q/info (management port) and /q/openapi (API
         * port); /q/health and Swagger UI's static page stay open.
         */
        @WithDefault("false")
        boolean protectManagement();
    }

    interface Audit {
        /** Write a line per request that reaches a resource; off, only denials (401, 403) are written. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Identical lines (same token, method, route and status) within this interval are written once
         * and then counted; the count follows when the interval ends. {@code 0s} writes every request.
         */
        @WithDefault("1m")
        Duration coalesce();
    }

    interface Scope {
        /** Namespaces the API reports on (glob patterns such as {@code team-*}); all when unset. */
        Optional<List<String>> allow();

        /** Namespaces the API never reports on (glob patterns); wins over allow. */
        Optional<List<String>> deny();
    }

    interface Redaction {
        /**
         * Extra regular expressions whose matches are masked in every text the service outputs
         * (log tails, event and status messages); the built-in ones cover password=, token=,
         * Authorization headers, AWS keys and JWTs.
         */
        Optional<List<String>> patterns();
    }
}
