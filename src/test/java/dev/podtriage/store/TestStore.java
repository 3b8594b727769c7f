package dev.podtriage.store;

import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.notify.NotificationLedger;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * One run of the service's store over a database that outlives it (an in-memory H2 kept open), for tests
 * of other packages: what a run records of incidents and claims, and what the next run finds left open.
 * {@link #restart()} is the next run: new objects over the same database.
 */
public final class TestStore implements AutoCloseable {
    private final DataSource database;
    private final HistoryStore store;
    private final StoreWriter writer;
    private final StoreLedger ledger;

    public TestStore() {
        this(Databases.h2());
    }

    private TestStore(DataSource database) {
        this.database = database;
        this.store = new HistoryStore(database, Databases.json());
        this.writer = new StoreWriter(store, () -> true, 50, 10_000);
        this.ledger = new StoreLedger(store);
    }

    /** Ends this run (what it recorded is written) and starts the next over the same database. */
    public TestStore restart() {
        close();
        return new TestStore(database);
    }

    public NotificationLedger ledger() {
        return ledger;
    }

    /** Records an incident change as the running service does, and waits until it is written. */
    public void record(IncidentChange change) {
        writer.submit(new Write.IncidentSeen(change.incident(), change.at()));
        writer.flush();
    }

    /** What this run finds left open ({@link History#open()}). */
    public List<Incident> openIncidents() throws SQLException {
        return store.openIncidents();
    }

    @Override
    public void close() {
        writer.close();
    }
}
