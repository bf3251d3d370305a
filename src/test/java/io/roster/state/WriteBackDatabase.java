package io.roster.state;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** An "HR" database beside the state store, with the event table write-back fills (the README's DDL). */
public class WriteBackDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String TABLE = "hr_events.roster_events";
    /** The write-back's password: the server trusts local connections, so it only has to never be printed. */
    public static final String PASSWORD = "canary-write-back-pw-8d2b";

    public static String jdbcUrl() {
        return StatePostgres.server().getJdbcUrl("postgres", "hr");
    }

    @Override
    public Map<String, String> start() {
        try (Connection c = DriverManager.getConnection(StatePostgres.jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS hr");
            s.execute("CREATE DATABASE hr");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA hr_events");
            s.execute("CREATE TABLE " + TABLE + " (id BIGSERIAL PRIMARY KEY, run_id VARCHAR(64), job VARCHAR(200),"
                    + " person_key VARCHAR(320), target VARCHAR(200), action VARCHAR(40), before_value TEXT,"
                    + " after_value TEXT, applied_at TIMESTAMPTZ)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "roster.write-back.jdbc-url", jdbcUrl(),
                "roster.write-back.username", "postgres",
                "roster.write-back.password", PASSWORD,
                "roster.write-back.table", TABLE);
    }

    @Override
    public void stop() {
    }
}
