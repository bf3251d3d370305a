package io.roster.source.sql;

import io.roster.state.StatePostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The sample HR table (samples/hr/staff.sql) in a real PostgreSQL database of its own. */
public final class HrDatabase {

    private HrDatabase() {
    }

    public static String url() {
        return StatePostgres.database("hr");
    }

    /** Drops and reloads the sample table. */
    public static void reset() {
        exec("DROP TABLE IF EXISTS staff");
        try {
            for (String statement : Files.readString(Path.of("samples/hr/staff.sql")).split(";")) {
                String sql = statement.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip();
                if (!sql.isEmpty()) {
                    exec(sql);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(url(), "postgres", "postgres"); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static long count(String sql) {
        try (Connection c = DriverManager.getConnection(url(), "postgres", "postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
