package io.roster.source.sql;

import io.roster.source.SourceRow;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MSSQLServerContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL source against a real Microsoft SQL Server (Testcontainers). Runs where Docker exists; skipped cleanly
 * otherwise (SQL Server cannot run on this project's CI machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class SqlServerSourceTest {

    @Container
    static final MSSQLServerContainer<?> MSSQL = new MSSQLServerContainer<>("mcr.microsoft.com/mssql/server:2022-latest").acceptLicense();

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(MSSQL.getJdbcUrl(), MSSQL.getUsername(), MSSQL.getPassword());
    }

    @Test
    void readsAnAdminsBracketedSelectByStreamingAndReportsTheDatabasesMessageForABadOne() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE dbo.Staff ([Work Email] NVARCHAR(320), FirstName NVARCHAR(100), Active BIT)");
            st.execute("INSERT INTO dbo.Staff VALUES (N'ada@example.com', N'Ada', 1), (N'grace@example.com', N'Grace', 1),"
                    + " (N'gone@example.com', N'Gone', 0)");
        }
        String sql = SelectQuery.checked("SELECT [Work Email] AS email, FirstName FROM dbo.Staff WHERE Active = 1 ORDER BY FirstName",
                SqlDialect.SQL_SERVER);
        List<String> emails = new ArrayList<>();
        try (SqlRead read = SqlRead.open("SQL source mssql", SqlSources.forReading(connect()), sql, 1, Duration.ofMinutes(1))) {
            assertEquals(List.of("email", "FirstName"), read.columns());
            while (read.hasNext()) {
                SourceRow r = read.next();
                emails.add(r.get("email"));
            }
        }
        assertEquals(List.of("ada@example.com", "grace@example.com"), emails);

        SQLException bad = assertThrows(SQLException.class,
                () -> SqlRead.open("SQL source mssql", SqlSources.forReading(connect()), "SELECT x FROM dbo.Staf", 10, Duration.ofMinutes(1)));
        assertTrue(bad.getMessage().contains("Invalid object name"), bad.getMessage());
    }
}
