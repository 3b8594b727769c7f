package dev.podtriage.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.cluster.CachedDiagnoses;
import dev.podtriage.ha.Leadership;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.IncidentOrigins;
import dev.podtriage.stream.DiagnosisChange;
import dev.podtriage.stream.FindingOrigins;
import dev.podtriage.stream.SubjectRef;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * The history store of the running service: migrates the database at start ({@code db/history}),
 * records verdict and incident changes through the {@link Recorder}, answers {@link FindingOrigins}
 * and {@link IncidentOrigins} (what the previous run left open) and runs the scheduled clean-up. With {@code triage.history.enabled=false} it touches no database,
 * records nothing and remembers no origin.
 */
@Startup
@ApplicationScoped
public class History implements FindingOrigins, IncidentOrigins {
    private final HistoryStore store;
    private final StoreWriter writer;
    private final Recorder recorder;
    private final ScheduledExecutorService cleanup;
    private final Duration settleAfter;

    History(HistoryConfig config, Instance<Flyway> flyway, Instance<AgroalDataSource> dataSource, ObjectMapper json,
            Leadership leadership, Clock clock, CachedDiagnoses caches) {
        settleAfter = config.settleAfter();
        if (!config.enabled()) {
            store = null;
            writer = null;
            recorder = null;
            cleanup = null;
            return;
        }
        flyway.get().migrate();
        store = new HistoryStore(dataSource.get(), json);
        writer = new StoreWriter(store, leadership, config.batchSize(), config.maxPending());
        try {
            recorder = new Recorder(writer, store.openEpisodes());
        } catch (SQLException e) {
            throw new IllegalStateException("The history database cannot be read (quarkus.datasource.jdbc.url): " + e.getMessage(), e);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "history-cleanup");
            t.setDaemon(true);
            return t;
        });
        long every = config.cleanupInterval().toMillis();
        executor.scheduleWithFixedDelay(new Retention(store, leadership, clock, config), Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
        cleanup = executor;
        settleWhenLive(caches, clock, config.settleAfter().toMillis());
    }

    /** After {@code delay} with the caches live, what the previous run left open and nothing mentioned since is resolved. */
    private void settleWhenLive(CachedDiagnoses caches, Clock clock, long delay) {
        cleanup.schedule(() -> {
            if (caches.live()) {
                recorder.settle(clock.instant());
            } else {
                settleWhenLive(caches, clock, delay);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    void on(@Observes DiagnosisChange change) {
        if (recorder != null) {
            recorder.record(change);
        }
    }

    void on(@Observes IncidentChange change) {
        if (recorder != null) {
            recorder.record(change);
        }
    }

    @Override
    public Optional<Instant> since(SubjectRef subject, String findingKey) {
        return recorder == null ? Optional.empty() : recorder.since(subject, findingKey);
    }

    @Override
    public List<Incident> open() {
        if (store == null) {
            return List.of();
        }
        try {
            return store.openIncidents();
        } catch (SQLException e) {
            throw new IllegalStateException("The history database cannot be read (quarkus.datasource.jdbc.url): " + e.getMessage(), e);
        }
    }

    @Override
    public Duration settleAfter() {
        return settleAfter;
    }

    /** The store, unless history is off. */
    public Optional<HistoryStore> store() {
        return Optional.ofNullable(store);
    }

    /** Waits until every change recorded so far is written (tests). */
    public void flush() {
        if (writer != null) {
            writer.flush();
        }
    }

    @PreDestroy
    void close() {
        if (cleanup != null) {
            cleanup.shutdownNow();
            writer.close();
        }
    }
}
