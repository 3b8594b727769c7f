package dev.podtriage.incidents;

import dev.podtriage.diagnosis.Cause;

/**
 * What makes findings one incident: the rule and the thing its members share.
 *
 * @param rule  the rule ID of the members' root cause
 * @param cause what they share: a registry, an image, a node, a Secret, a ResourceQuota, or a workload
 */
public record IncidentKey(String rule, Cause cause) {

    /** Stable for as long as the cause lasts, e.g. {@code image-pull-rate-limited/registry/docker.io}. */
    public String id() {
        return rule + "/" + cause.path();
    }
}
