package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.PodView;

/** A family that reports whole containers, and so may keep later families from reporting them again. */
interface ContainerClaimant {

    /** The reasons this family owns. */
    Claims claims();

    /**
     * Whether this family reports the container's current failure. By default: the container waits with one of
     * the claimed waiting reasons.
     */
    default boolean claims(PodView pod, ContainerView c) {
        return claims().waiting().contains(c.waitingReason());
    }
}
