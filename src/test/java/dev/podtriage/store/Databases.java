package dev.podtriage.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Fresh, migrated databases for the store's tests: an in-memory H2 each, and a database each on one real
 * PostgreSQL server per test JVM (zonky's binary from its Maven artifact; started as root, zonky's
 * Linux binaries run {@code initdb} and the server as the user {@code nobody}).
 */
final class Databases {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    static ObjectMapper json() {
        return new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:history-" + COUNT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return migrated(ds);
    }

    static synchronized DataSource postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().setOutputRedirector(Redirect.DISCARD).setErrorRedirector(Redirect.DISCARD).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM ends anyway
                    }
                }));
            }
            String name = "history" + COUNT.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return migrated(postgres.getDatabase("postgres", name));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    /** The JDBC URL of a PostgreSQL database on the shared server (for a service instance). */
    static String postgresUrl(String database) {
        postgres();
        return postgres.getJdbcUrl("postgres", database);
    }

    private static DataSource migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/history").load().migrate();
        return ds;
    }
}
