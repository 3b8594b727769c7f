package dev.podtriage.diagnosis;

/**
 * Where in a pod's life a failure happens. Findings are ordered by stage so that the
 * earliest failure, the root cause, comes first (rules.md: scheduling, then sandbox and
 * volumes, then image, then init containers, then app containers, then probes).
 */
public enum Stage {
    /** The owning workload cannot create pods at all (quota, admission). */
    WORKLOAD,
    /** The pod's node or the pod's lifecycle overrides everything inside it (node lost, evicted, deadline). */
    POD_LIFECYCLE,
    SCHEDULING,
    SANDBOX,
    IMAGE,
    CONTAINER_START,
    INIT,
    RUN,
    PROBE,
    /** Configuration lint: never the root cause. */
    LINT
}
