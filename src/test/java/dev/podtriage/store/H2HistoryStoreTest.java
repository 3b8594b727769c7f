package dev.podtriage.store;

import javax.sql.DataSource;

/** The store's behaviour on the embedded default, H2. */
class H2HistoryStoreTest extends HistoryStoreContract {
    @Override
    DataSource database() {
        return Databases.h2();
    }
}
