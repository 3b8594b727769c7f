package dev.podtriage.diagnosis;

/**
 * Where in a pod's life a failure happens. Findings are ordered by stage so that the
 * earliest failure, the root cause, comes first (rules.md: scheduling, then sandbox and
 * volumes, then image, then init containers, then app containers, then probes).
 */
public enum Stage {
    /** The pod's node or the pod's lifecycle overrides everything inside it (node lost, evicted, deadline). */
    POD_LIFECYCLE,
    SCHEDULING,
    SANDBOX,
    IMAGE,
    CONTAINER_START,
    INIT,
    RUN,
    PROBE,
    /**
     * The owning workload cannot create more pods (quota, admission). For a pod that exists this is
     * context, never its own root cause; a workload with no pods at all has only these findings.
     */
    WORKLOAD,
    /** Configuration lint: never the root cause. */
    LINT
}
