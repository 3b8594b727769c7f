package dev.podtriage.ha;

/**
 * Whether this replica of the service is the one that acts for all (sends notifications, runs the
 * store's clean-up). Every replica answers reads. A single replica always leads; with more than one,
 * a Kubernetes Lease decides.
 */
public interface Leadership {

    /** This replica leads now. */
    boolean leading();
}
