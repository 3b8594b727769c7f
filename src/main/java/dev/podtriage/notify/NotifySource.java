package dev.podtriage.notify;

import dev.podtriage.cluster.CachedDiagnoses.CachedWorkload;
import dev.podtriage.diagnosis.Diagnosis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the notifier reads pods and workloads from: the informer caches in the service, a fake in tests. */
interface NotifySource {

    /** The caches are listed and watching: an absent object is really gone. While false nothing is decided. */
    boolean ready();

    /** One pod diagnosed at {@code at}; empty when it does not exist. */
    Optional<Diagnosis> pod(String namespace, String name, Instant at);

    /** Every pod diagnosed at {@code at}. */
    List<Diagnosis> all(Instant at);

    /** The same pod, diagnosed again with the previous log of its crashed containers, for a firing message. */
    default Optional<Diagnosis> withLogs(String namespace, String name, Instant at) {
        return Optional.empty();
    }

    /**
     * One workload evaluated at {@code at}; a ReplicaSet owned by a Deployment comes back as its
     * Deployment. Empty when it does not exist.
     */
    default Optional<CachedWorkload> workload(String kind, String namespace, String name, Instant at) {
        return Optional.empty();
    }

    /** Every workload that has findings of its own at {@code at} (those without need no message but a resolved one). */
    default List<CachedWorkload> workloads(Instant at) {
        return List.of();
    }
}
