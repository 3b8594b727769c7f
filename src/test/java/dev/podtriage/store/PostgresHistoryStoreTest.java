package dev.podtriage.store;

import javax.sql.DataSource;

/** The store's behaviour on a real PostgreSQL server (zonky's embedded binary, a fresh database per test). */
class PostgresHistoryStoreTest extends HistoryStoreContract {
    @Override
    DataSource database() {
        return Databases.postgres();
    }
}
