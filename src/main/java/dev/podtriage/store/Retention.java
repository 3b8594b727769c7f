package dev.podtriage.store;

import dev.podtriage.ha.Leadership;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The clean-up: what ended longer than the retention ago, then the oldest ended rows over the caps; leader only. */
class Retention implements Runnable {
    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final HistoryStore store;
    private final Leadership leadership;
    private final Clock clock;
    private final Duration retention;
    private final long maxEpisodes;
    private final long maxIncidents;

    Retention(HistoryStore store, Leadership leadership, Clock clock, HistoryConfig config) {
        this(store, leadership, clock, config.retention(), config.maxEpisodes(), config.maxIncidents());
    }

    Retention(HistoryStore store, Leadership leadership, Clock clock, Duration retention, long maxEpisodes, long maxIncidents) {
        this.store = store;
        this.leadership = leadership;
        this.clock = clock;
        this.retention = retention;
        this.maxEpisodes = maxEpisodes;
        this.maxIncidents = maxIncidents;
    }

    @Override
    public void run() {
        if (!leadership.leading()) {
            return;
        }
        try {
            HistoryStore.Removed removed = store.cleanUp(clock.instant().minus(retention), maxEpisodes, maxIncidents);
            LOG.debugf("History clean-up removed %s", removed);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "History clean-up failed; it runs again in triage.history.cleanup-interval");
        }
    }
}
