package dev.podtriage.chatops.notify;

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
 * Re-diagnoses the pods that changed, and those with an open state, at the instant of the clock,
 * and passes what the tracker decides to the delivery. {@link #changed} is safe from any thread
 * (the informers call it); everything else runs on one worker thread.
 */
final class Notifier {
    private final Clock clock;
    private final PodSource source;
    private final NotificationTracker tracker;
    private final Predicate<String> inScope;
    private final Consumer<List<Notification>> delivery;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();

    Notifier(Clock clock, PodSource source, NotificationTracker tracker, Predicate<String> inScope,
             Consumer<List<Notification>> delivery) {
        this.clock = clock;
        this.source = source;
        this.tracker = tracker;
        this.inScope = inScope;
        this.delivery = delivery;
    }

    /** A pod, or an event about it, was added, updated or deleted: evaluate it at the next run. */
    void changed(String namespace, String name) {
        if (namespace != null && name != null && inScope.test(namespace)) {
            dirty.add(NotificationTracker.key(namespace, name));
        }
    }

    boolean hasChanges() {
        return !dirty.isEmpty();
    }

    /** The pods that changed since the last run. */
    void drain() {
        run(false, false);
    }

    /** The pods that changed, and those with an open state (so that delays fire without new events). */
    void tick() {
        run(true, false);
    }

    /** Every pod: states that arise with time alone (a pod pending for too long). */
    void sweep() {
        run(true, true);
    }

    int tracked() {
        return tracker.size();
    }

    private void run(boolean withTracked, boolean all) {
        if (!source.ready()) {
            return; // keep the changes: while the caches are not live, an absent pod may not be gone
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
                if (d.pod() == null || !inScope.test(d.pod().namespace())) {
                    continue;
                }
                String key = NotificationTracker.key(d.pod().namespace(), d.pod().name());
                seen.add(key);
                keys.remove(key);
                emit(tracker.observe(d, at));
            }
            for (String key : keys) {
                if (!seen.contains(key)) {
                    evaluate(key, at);
                }
            }
            return;
        }
        for (String key : keys) {
            evaluate(key, at);
        }
    }

    private void evaluate(String key, Instant at) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        Optional<Diagnosis> d = source.pod(namespace, name, at);
        emit(d.isPresent() ? tracker.observe(d.get(), at) : tracker.gone(namespace, name, at));
    }

    private void emit(List<Notification> notifications) {
        if (!notifications.isEmpty()) {
            delivery.accept(new ArrayList<>(notifications));
        }
    }
}
