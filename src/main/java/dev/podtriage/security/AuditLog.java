package dev.podtriage.security;

import dev.podtriage.config.TriageConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The audit log of API requests ({@code dev.podtriage.audit}): one line per token, method, route and
 * status, at INFO when granted and WARN when denied (401, 403). Denials are always written;
 * granted requests only with {@code triage.audit.enabled}. Within {@code triage.audit.coalesce}
 * the same line is written once and then counted, and the count follows as one line when the
 * interval ends: the log grows with the variety of requests, not their number. The keys are route
 * templates and configured token names, so the lines remembered are bounded.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger AUDIT = Logger.getLogger("dev.podtriage.audit");

    private final boolean enabled;
    private final long intervalNanos;
    private final String within;
    private final LongSupplier nanos;
    private final BiConsumer<Logger.Level, String> sink;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    /** An interval during which one line was written and its repetitions are counted. */
    private static final class Window {
        final long start;
        final Logger.Level level;
        long repeated;

        Window(long start, Logger.Level level) {
            this.start = start;
            this.level = level;
        }
    }

    @Inject
    AuditLog(TriageConfig config) {
        this(config.audit().enabled(), config.audit().coalesce(), System::nanoTime, AUDIT::log);
    }

    AuditLog(boolean enabled, Duration coalesce, LongSupplier nanos, BiConsumer<Logger.Level, String> sink) {
        this.enabled = enabled;
        this.intervalNanos = coalesce.toNanos();
        this.within = coalesce.toMillis() % 1000 == 0 ? coalesce.toSeconds() + " s" : coalesce.toMillis() + " ms";
        this.nanos = nanos;
        this.sink = sink;
        this.flusher = intervalNanos <= 0 ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-flush");
            t.setDaemon(true);
            return t;
        });
        if (flusher != null) {
            long millis = Math.max(1, coalesce.toMillis());
            flusher.scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** One request that reached a resource (or a protected management endpoint). */
    public void request(String who, String method, String route, int status) {
        boolean denied = status == 401 || status == 403;
        if (!denied && !enabled) {
            return;
        }
        Logger.Level level = denied ? Logger.Level.WARN : Logger.Level.INFO;
        String line = "token=" + who + " " + method + " " + route + " -> " + status;
        if (intervalNanos <= 0) {
            sink.accept(level, line);
            return;
        }
        long now = nanos.getAsLong();
        windows.compute(line, (key, window) -> {
            if (window != null && now - window.start < intervalNanos) {
                window.repeated++;
                return window;
            }
            summarise(key, window);
            sink.accept(level, line);
            return new Window(now, level);
        });
    }

    /** Writes the counts of the intervals that have ended, and forgets them. */
    void flush() {
        long now = nanos.getAsLong();
        for (String key : windows.keySet()) {
            windows.computeIfPresent(key, (k, window) -> {
                if (now - window.start < intervalNanos) {
                    return window;
                }
                summarise(k, window);
                return null;
            });
        }
    }

    private void summarise(String line, Window window) {
        if (window != null && window.repeated > 0) {
            sink.accept(window.level, line + " (" + window.repeated + " more within " + within + ")");
        }
    }

    @PreDestroy
    void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        windows.forEach(this::summarise);
        windows.clear();
    }
}
