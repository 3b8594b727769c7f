package dev.podtriage.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver Quarkus is built with ({@code quarkus.datasource.jdbc.driver}, a build-time setting, as is
 * {@code db-kind}): it hands each URL to H2 or PostgreSQL, so that {@code quarkus.datasource.jdbc.url} alone
 * chooses the database at run time, on the packaged jar.
 */
public class UrlDriver implements Driver {
    private static final String H2 = "jdbc:h2:";
    private static final String POSTGRESQL = "jdbc:postgresql:";

    private final Driver h2 = new org.h2.Driver();
    private final Driver postgresql = new org.postgresql.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            throw new SQLException("pod-triage keeps its history in H2 (" + H2 + "…) or PostgreSQL (" + POSTGRESQL
                    + "…); quarkus.datasource.jdbc.url names neither");
        }
        return delegate(url).connect(url, info);
    }

    private Driver delegate(String url) {
        return url.startsWith(H2) ? h2 : postgresql;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && (url.startsWith(H2) || url.startsWith(POSTGRESQL));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return acceptsURL(url) ? delegate(url).getPropertyInfo(url, info) : new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
