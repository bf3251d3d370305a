package io.roster.source.sql;

import io.agroal.api.AgroalDataSource;
import io.roster.config.JobConfigException;
import io.roster.jdbc.JdbcPools;
import io.roster.secrets.SecretMask;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL sources configured as {@code roster.sources.<name>.*}: one small Agroal pool each, opened on first use.
 * Every connection handed out is read-only and outside auto-commit: the database refuses writes where it can
 * (PostgreSQL, MariaDB/MySQL), and PostgreSQL streams a result by cursor only inside a transaction.
 */
@ApplicationScoped
public class SqlSources {

    private final SqlSourceSettings config;
    private final Map<String, AgroalDataSource> pools = new ConcurrentHashMap<>();

    public SqlSources(SqlSourceSettings config) {
        this.config = config;
    }

    public SqlSourceSettings.Source settings(String name) {
        SqlSourceSettings.Source s = config.sources().get(name);
        if (s == null) {
            throw new JobConfigException("SQL source '" + name + "' is not configured: set roster.sources." + name
                    + ".jdbc-url (and .username, and .password from the environment as ROSTER_SOURCES_"
                    + name.toUpperCase().replace('-', '_') + "_PASSWORD); configured: " + config.sources().keySet());
        }
        return s;
    }

    /** Which database the source is: the functions its queries may call depend on it. */
    public SqlDialect dialect(String name) {
        return SqlDialect.of(settings(name).jdbcUrl());
    }

    /** A read-only connection in a transaction of its own; the caller closes it (which rolls nothing back but the reads). */
    public Connection readOnly(String name) throws SQLException {
        Connection c = pool(name).getConnection();
        try {
            return forReading(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** Read-only, in a transaction: writes are refused where the database can, and PostgreSQL streams by cursor. */
    static Connection forReading(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        return c;
    }

    private AgroalDataSource pool(String name) throws SQLException {
        AgroalDataSource ds = pools.get(name);
        if (ds != null) {
            return ds;
        }
        synchronized (pools) {
            ds = pools.get(name);
            if (ds == null) {
                SqlSourceSettings.Source s = settings(name);
                ds = JdbcPools.open(s.jdbcUrl(), s.username(), s.password(), s.maxConnections(), s.connectTimeout());
                pools.put(name, ds);
            }
            return ds;
        }
    }

    /** A message that never carries the source's password, even if a driver were to echo it. */
    public String safeMessage(String name, Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        SqlSourceSettings.Source s = config.sources().get(name);
        if (s != null && s.password().filter(p -> p.length() >= 3).isPresent()) {
            m = m.replace(s.password().get(), "****");
        }
        if (s != null && e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            // a connection failure: where Roster tried to connect, and the setting that says so (secrets masked)
            m += " (" + SecretMask.apply(s.jdbcUrl()) + ", roster.sources." + name + ".jdbc-url)";
        }
        return m;
    }

    @PreDestroy
    void close() {
        pools.values().forEach(AgroalDataSource::close);
    }
}
