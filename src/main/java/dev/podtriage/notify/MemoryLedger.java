package dev.podtriage.notify;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger of a service without a store: forgotten at restart, and bounded: it keeps the newest
 * {@link #DEFAULT_CAPACITY} claims (and as many subjects' last claims), the oldest claim dropped
 * first. A message of an incident that resolved long ago is the only kind that can be forgotten.
 */
@DefaultBean
@ApplicationScoped
public class MemoryLedger implements NotificationLedger {
    static final int DEFAULT_CAPACITY = 50_000;

    private final Map<String, Instant> claimed;
    private final Map<String, Instant> last;

    public MemoryLedger() {
        this(DEFAULT_CAPACITY);
    }

    MemoryLedger(int capacity) {
        this.claimed = bounded(capacity);
        this.last = bounded(capacity);
    }

    private static Map<String, Instant> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean claim(String subject, String sink, String message, Instant at) {
        boolean first = claimed.putIfAbsent(subject + "\n" + sink + "\n" + message, at) == null;
        if (first) {
            String key = subject + "\n" + sink;
            Instant before = last.remove(key); // re-inserted: the newest last
            last.put(key, before != null && before.isAfter(at) ? before : at);
        }
        return first;
    }

    @Override
    public synchronized Optional<Instant> lastClaimed(String subject, String sink) {
        return Optional.ofNullable(last.get(subject + "\n" + sink));
    }

    synchronized int size() {
        return claimed.size();
    }
}
