package dev.podtriage.store;

import dev.podtriage.ha.Leadership;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes the recorder's changes on the store's own thread, in batches of up to {@code batchSize} per
 * transaction: the caller only queues (never waits on the database). Only the leading replica writes
 * (each replica sees the same changes); a full queue drops and counts rather than slowing the service.
 */
class StoreWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StoreWriter.class);

    private final HistoryStore store;
    private final Leadership leadership;
    private final int batchSize;
    private final BlockingQueue<Write> queue;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "history-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    StoreWriter(HistoryStore store, Leadership leadership, int batchSize, int maxPending) {
        this.store = store;
        this.leadership = leadership;
        this.batchSize = batchSize;
        this.queue = new LinkedBlockingQueue<>(maxPending);
    }

    void submit(Write w) {
        if (!queue.offer(w)) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warnf("History writes fall behind: %d dropped so far (triage.history.max-pending)", dropped.get());
            }
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<Write> batch = new ArrayList<>(batchSize);
        while (queue.drainTo(batch, batchSize) > 0) {
            if (leadership.leading()) {
                try {
                    store.write(batch);
                    written.addAndGet(batch.size());
                } catch (SQLException | RuntimeException e) {
                    dropped.addAndGet(batch.size());
                    LOG.warnf(e, "History: %d writes failed and were dropped", batch.size());
                }
            }
            batch.clear();
        }
    }

    /** Waits until everything queued before the call is written (tests and shutdown). */
    void flush() {
        try {
            executor.submit(this::drain).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("History writes did not finish", e);
        }
    }

    /** Rows written (or updated) so far. */
    long written() {
        return written.get();
    }

    /** Writes dropped so far (queue full, or the database refused). */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (!executor.isShutdown()) {
            flush();
            executor.shutdown();
        }
    }
}
