package dev.podtriage.diagnosis.rules;

/**
 * The IDs of the built-in rules (shared/spec/rules.md), written once: the families build their catalog entries
 * from these. Custom rules keep their own string IDs.
 */
public enum RuleId {
    CONTAINER_OOM_KILLED("container-oom-killed"),
    CONTAINER_CRASH_LOOP("container-crash-loop"),
    CONTAINER_EXIT_ZERO_RESTARTING("container-exit-zero-restarting"),
    CONTAINER_TERMINATED_ERROR("container-terminated-error"),
    CONFIG_MISSING("config-missing"),
    CONTAINER_CREATE_FAILED("container-create-failed"),
    CONTAINER_COMMAND_NOT_FOUND("container-command-not-found"),
    CONTAINER_PERMISSION_DENIED("container-permission-denied"),
    CONTAINER_START_FAILED("container-start-failed"),
    IMAGE_PULL_SECRET_MISSING("image-pull-secret-missing"),
    IMAGE_NAME_INVALID("image-name-invalid"),
    IMAGE_NEVER_PULL("image-never-pull"),
    IMAGE_PULL_FAILED("image-pull-failed"),
    INIT_CONTAINER_FAILED("init-container-failed"),
    INIT_CONTAINER_STUCK("init-container-stuck"),
    RESOURCES_UNBOUNDED("resources-unbounded"),
    RESTART_POLICY_MISMATCH("restart-policy-mismatch"),
    NODE_LOST("node-lost"),
    POD_EVICTED("pod-evicted"),
    POD_PREEMPTED("pod-preempted"),
    POD_TERMINATING_STUCK("pod-terminating-stuck"),
    POD_DEADLINE_EXCEEDED("pod-deadline-exceeded"),
    LIVENESS_PROBE_FAILED("liveness-probe-failed"),
    STARTUP_PROBE_FAILED("startup-probe-failed"),
    READINESS_PROBE_FAILED("readiness-probe-failed"),
    VOLUME_MOUNT_FAILED("volume-mount-failed"),
    SANDBOX_CREATE_FAILED("sandbox-create-failed"),
    UNSCHEDULABLE_TAINT("unschedulable-taint"),
    UNSCHEDULABLE_PVC("unschedulable-pvc"),
    PENDING_NOT_SCHEDULED("pending-not-scheduled"),
    UNSCHEDULABLE_INSUFFICIENT_RESOURCES("unschedulable-insufficient-resources"),
    UNSCHEDULABLE_NODE_SELECTOR("unschedulable-node-selector"),
    UNSCHEDULABLE_OTHER("unschedulable-other"),
    QUOTA_EXCEEDED("quota-exceeded"),
    ADMISSION_DENIED("admission-denied"),
    ROLLOUT_STALLED("rollout-stalled"),
    JOB_FAILED("job-failed"),
    IMAGE_PULL_RATE_LIMITED("image-pull-rate-limited"),
    IMAGE_PLATFORM_MISMATCH("image-platform-mismatch"),
    IMAGE_REGISTRY_UNREACHABLE("image-registry-unreachable"),
    IMAGE_PULL_UNAUTHORIZED("image-pull-unauthorized"),
    IMAGE_NOT_FOUND("image-not-found");

    private final String id;

    RuleId(String id) {
        this.id = id;
    }

    /** The stable ID as the API and rules.md write it. */
    public String id() {
        return id;
    }
}
