package dev.podtriage.notify;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger of a service without a store: forgotten at restart. */
@DefaultBean
@ApplicationScoped
public class MemoryLedger implements NotificationLedger {
    private final Map<String, Instant> claimed = new ConcurrentHashMap<>();
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String subject, String sink, String message, Instant at) {
        boolean first = claimed.putIfAbsent(subject + "\n" + sink + "\n" + message, at) == null;
        if (first) {
            last.merge(subject + "\n" + sink, at, (a, b) -> a.isAfter(b) ? a : b);
        }
        return first;
    }

    @Override
    public Optional<Instant> lastClaimed(String subject, String sink) {
        return Optional.ofNullable(last.get(subject + "\n" + sink));
    }
}
