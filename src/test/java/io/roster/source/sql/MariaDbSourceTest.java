package io.roster.source.sql;

import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL source against a real MariaDB (the MySQL-family driver Roster bundles): an admin's backticked query, a
 * query built from a table with MariaDB's own quoting, a streamed read, the database's message for a bad query,
 * and a write smuggled into a SELECT through a function, which never stays written.
 */
class MariaDbSourceTest {

    private static MariaDbServer db;

    @BeforeAll
    static void start() throws Exception {
        db = MariaDbServer.startOrSkip();
        try (Connection c = db.connect("root", ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE hr");
            st.execute("CREATE TABLE hr.staff (`Work Email` VARCHAR(320), FirstName VARCHAR(100), Active BOOLEAN) ENGINE=InnoDB");
            StringBuilder rows = new StringBuilder("INSERT INTO hr.staff VALUES ");
            for (int i = 0; i < 2500; i++) {
                rows.append(i == 0 ? "" : ",").append("('p").append(i).append("@example.com','P").append(i).append("',").append(i % 5 != 0).append(')');
            }
            st.execute(rows.toString());
            st.execute("CREATE TABLE hr.written (what VARCHAR(20)) ENGINE=InnoDB");
            st.execute("CREATE FUNCTION hr.sneaky() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO hr.written VALUES ('sneaky'); RETURN 1; END");
            st.execute("CREATE USER roster_reader@'127.0.0.1' IDENTIFIED BY 'reader-pass'");
            st.execute("GRANT SELECT, EXECUTE ON hr.* TO roster_reader@'127.0.0.1'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static Connection reading() throws SQLException {
        return SqlSources.forReading(db.connect("roster_reader", "reader-pass"));
    }

    @Test
    void streamsAnAdminsBacktickedSelectRowByRow() throws Exception {
        String sql = SelectQuery.checked("SELECT `Work Email` AS email, FirstName FROM hr.staff WHERE Active ORDER BY email",
                SqlDialect.MYSQL);
        List<String> emails = new ArrayList<>();
        try (SqlRead read = SqlRead.open("SQL source maria", reading(), sql, 100, Duration.ofMinutes(1))) {
            assertEquals(List.of("email", "FirstName"), read.columns());
            while (read.hasNext()) {
                SourceRow r = read.next();
                emails.add(r.get("email"));
                assertEquals("P" + r.get("email").substring(1, r.get("email").indexOf('@')), r.get("FirstName"));
            }
            assertEquals(2000, read.read());
        }
        assertEquals(2000, emails.size());
        assertTrue(emails.contains("p1@example.com") && !emails.contains("p5@example.com"), "inactive rows filtered by the query");
    }

    @Test
    void buildsTheQueryFromATableWithTheDatabasesOwnQuoting() throws Exception {
        try (Connection c = reading()) {
            String quote = c.getMetaData().getIdentifierQuoteString();
            assertEquals("`", quote);
            String sql = SelectQuery.build("hr.staff", List.of("Work Email", "FirstName"), quote);
            assertEquals("SELECT `Work Email`, `FirstName` FROM `hr`.`staff`", sql);
            try (SqlRead read = SqlRead.open("SQL source maria", c, sql, 500, Duration.ofMinutes(1))) {
                SourceRow first = read.next();
                assertTrue(first.get("Work Email").endsWith("@example.com"), "names read as columns, not as string literals: " + first);
            }
        }
    }

    @Test
    void reportsTheDatabasesOwnMessageForAQueryItCannotRun() {
        SQLException bad = assertThrows(SQLException.class,
                () -> SqlRead.open("SQL source maria", reading(), "SELECT Email FROM hr.staf", 10, Duration.ofMinutes(1)));
        assertTrue(bad.getMessage().contains("hr.staf") && bad.getMessage().contains("doesn't exist"), bad.getMessage());
    }

    @Test
    void aWriteInsideASelectNeverStaysWritten() throws Exception {
        String sql = SelectQuery.checked("SELECT hr.sneaky() AS n", SqlDialect.MYSQL);
        try (SqlRead read = SqlRead.open("SQL source maria", reading(), sql, 10, Duration.ofMinutes(1))) {
            while (read.hasNext()) {
                read.next();
            }
        } catch (SQLException | SourceReadException refused) {
            assertTrue(refused.getMessage().toLowerCase().contains("read"), refused.getMessage());
        }
        try (Connection c = db.connect("root", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM hr.written")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the source was written to");
        }
    }
}
