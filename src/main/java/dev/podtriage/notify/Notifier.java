package dev.podtriage.notify;

import dev.podtriage.cluster.CachedDiagnoses.CachedWorkload;
import dev.podtriage.diagnosis.Diagnosis;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Re-evaluates the subjects (pods and workloads) that changed, and those with an open state, at the
 * instant of the clock, and passes what the tracker decides to the delivery. {@link #changed} is
 * safe from any thread (the informers call it); everything else runs on one worker thread.
 */
final class Notifier {
    private final Clock clock;
    private final NotifySource source;
    private final NotificationTracker tracker;
    private final Predicate<String> inScope;
    private final Consumer<List<Notification>> delivery;
    /** {@link Subject#key()}s. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();

    Notifier(Clock clock, NotifySource source, NotificationTracker tracker, Predicate<String> inScope,
             Consumer<List<Notification>> delivery) {
        this.clock = clock;
        this.source = source;
        this.tracker = tracker;
        this.inScope = inScope;
        this.delivery = delivery;
    }

    /** A pod, or an event about it, was added, updated or deleted: evaluate it at the next run. */
    void changed(String namespace, String name) {
        changed(Subject.POD, namespace, name);
    }

    /**
     * An object of this kind (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job), or an event
     * about it, changed: evaluate it at the next run (a ReplicaSet owned by a Deployment as its Deployment).
     */
    void changed(String kind, String namespace, String name) {
        if (kind != null && namespace != null && name != null && inScope.test(namespace)) {
            dirty.add(Subject.key(kind, namespace, name));
        }
    }

    boolean hasChanges() {
        return !dirty.isEmpty();
    }

    /** The subjects that changed since the last run. */
    void drain() {
        run(false, false);
    }

    /** The subjects that changed, and those with an open state (so that delays fire without new events). */
    void tick() {
        run(true, false);
    }

    /** Every pod and every workload with findings: states that arise with time alone (a pod pending for too long). */
    void sweep() {
        run(true, true);
    }

    int tracked() {
        return tracker.size();
    }

    private void run(boolean withTracked, boolean all) {
        if (!source.ready()) {
            return; // keep the changes: while the caches are not live, an absent object may not be gone
        }
        Instant at = clock.instant();
        Set<String> keys = new LinkedHashSet<>();
        for (String k : List.copyOf(dirty)) {
            dirty.remove(k);
            keys.add(k);
        }
        if (withTracked) {
            keys.addAll(tracker.tracked());
        }
        if (all) {
            Set<String> seen = new HashSet<>();
            for (Diagnosis d : source.all(at)) {
                observe(Observation.of(d), at, seen);
            }
            for (CachedWorkload w : source.workloads(at)) {
                observe(Observation.of(w.report(), w.uid()), at, seen);
            }
            keys.removeAll(seen);
        }
        for (String key : keys) {
            evaluate(key, at);
        }
    }

    private void observe(Observation o, Instant at, Set<String> seen) {
        if (o == null || !inScope.test(o.subject().namespace()) || !seen.add(o.subject().key())) {
            return;
        }
        emit(tracker.observe(o, at));
    }

    private void evaluate(String key, Instant at) {
        Subject s = Subject.ofKey(key);
        if (s.isPod()) {
            Optional<Diagnosis> d = source.pod(s.namespace(), s.name(), at);
            emit(d.isPresent() ? tracker.observe(Observation.of(d.get()), at) : tracker.gone(key, at));
            return;
        }
        Optional<Observation> o = source.workload(s.kind(), s.namespace(), s.name(), at)
                .map(w -> Observation.of(w.report(), w.uid()));
        if (o.isEmpty()) {
            emit(tracker.gone(key, at));
        } else if (!o.get().subject().key().equals(key) && tracker.tracked().contains(key)) {
            // tracked as itself (a ReplicaSet without owner), now reported as its Deployment: the old subject is gone
            emit(tracker.gone(key, at));
            emit(tracker.observe(o.get(), at));
        } else {
            emit(tracker.observe(o.get(), at));
        }
    }

    private void emit(List<Notification> notifications) {
        if (!notifications.isEmpty()) {
            delivery.accept(new ArrayList<>(notifications));
        }
    }
}
