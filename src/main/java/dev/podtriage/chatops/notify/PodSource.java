package dev.podtriage.chatops.notify;

import dev.podtriage.diagnosis.Diagnosis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the notifier reads pods from: the informer caches in the service, a fake in tests. */
interface PodSource {

    /** The caches are listed and watching: an absent pod is really gone. While false nothing is decided. */
    boolean ready();

    /** One pod diagnosed at {@code at}; empty when it does not exist. */
    Optional<Diagnosis> pod(String namespace, String name, Instant at);

    /** Every pod diagnosed at {@code at}. */
    List<Diagnosis> all(Instant at);

    /** The same pod, diagnosed again with the previous log of its crashed containers, for a firing message. */
    default Optional<Diagnosis> withLogs(String namespace, String name, Instant at) {
        return Optional.empty();
    }
}
