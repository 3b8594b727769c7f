package dev.podtriage.store;

import dev.podtriage.notify.MemoryLedger;
import dev.podtriage.notify.NotificationLedger;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The notification ledger in the history database: a claim is a row under a unique key, so it holds
 * once across restarts and across replicas sharing one PostgreSQL. Without a store, or while the
 * database refuses, it falls back to memory (once per replica rather than never).
 */
@ApplicationScoped
public class StoreLedger implements NotificationLedger {
    private static final Logger LOG = Logger.getLogger(StoreLedger.class);

    private final HistoryStore store;
    private final MemoryLedger memory = new MemoryLedger();

    StoreLedger(History history) {
        this(history.store().orElse(null));
    }

    StoreLedger(HistoryStore store) {
        this.store = store;
    }

    @Override
    public boolean claim(String subject, String sink, String message, Instant at) {
        if (store != null) {
            try {
                boolean first = store.claim(subject, sink, message, at);
                if (first) {
                    memory.claim(subject, sink, message, at); // so that a fallback later still knows it
                }
                return first;
            } catch (SQLException e) {
                LOG.warnf("Notification ledger: the database refused a claim (%s); this replica remembers it in memory", e.getMessage());
            }
        }
        return memory.claim(subject, sink, message, at);
    }

    @Override
    public Optional<Instant> lastClaimed(String subject, String sink) {
        if (store != null) {
            try {
                return store.lastClaimed(subject, sink);
            } catch (SQLException e) {
                LOG.warnf("Notification ledger: the database refused a read (%s); answering from memory", e.getMessage());
            }
        }
        return memory.lastClaimed(subject, sink);
    }
}
