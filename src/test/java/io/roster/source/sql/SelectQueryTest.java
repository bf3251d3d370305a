package io.roster.source.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectQueryTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT work_email, first_name FROM staff WHERE active = TRUE",
            "select s.email from hr.staff s join hr.dept d on d.id = s.dept_id;",
            "WITH a AS (SELECT * FROM staff) SELECT * FROM a",
            "SELECT email FROM staff UNION SELECT email FROM contractors",
            "SELECT TOP 10 [Work Email] FROM dbo.Staff"})
    void acceptsASingleSelect(String sql) {
        for (SqlDialect dialect : SqlDialect.values()) {
            String checked = SelectQuery.checked(sql, dialect);
            assertTrue(!checked.endsWith(";"), "a trailing semicolon is dropped");
        }
    }

    private static String refused(String sql, SqlDialect dialect) {
        return assertThrows(QueryRejectedException.class, () -> SelectQuery.checked(sql, dialect), sql).getMessage();
    }

    private static String refused(String sql) {
        return refused(sql, SqlDialect.POSTGRESQL);
    }

    @Test
    void refusesWhatWritesOrLocksNamingWhy() {
        assertEquals("only a SELECT is accepted; this is a DELETE: Roster never writes to a source",
                refused("DELETE FROM staff"));
        assertTrue(refused("SELECT 1; DROP TABLE staff").contains("only a single statement"));
        assertTrue(refused("SELECT * INTO copy FROM staff").contains("SELECT … INTO"));
        assertTrue(refused("SELECT * FROM staff FOR UPDATE").contains("locks rows"));
        assertTrue(refused("WITH gone AS (DELETE FROM staff RETURNING *) SELECT * FROM gone").contains("changes data"));
        assertTrue(refused("UPDATE staff SET x = 1").contains("an UPDATE"));
    }

    @Test
    void aQueryThatCannotBeReadLeavesNoParserThreadBehind() {
        long before = Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon()).count();
        for (int i = 0; i < 20; i++) {
            assertTrue(refused("SELECT FROM WHERE (").contains("could not be read"));
            SelectQuery.checked("SELECT TOP 10 [Work Email] FROM dbo.Staff", SqlDialect.SQL_SERVER);
        }
        long after = Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon()).count();
        assertTrue(after < before + 20, "non-daemon threads before: " + before + ", after: " + after);
    }

    @Test
    void buildsAQuotedQueryFromATableAndColumnsAndRefusesInjection() {
        assertEquals("SELECT \"work_email\", \"first_name\" FROM \"hr\".\"staff\"",
                SelectQuery.build("hr.staff", List.of("work_email", "first_name"), "\""));
        assertEquals("SELECT `a` FROM `t`", SelectQuery.build("t", List.of("a"), "`"));
        assertTrue(assertThrows(QueryRejectedException.class,
                () -> SelectQuery.build("staff; DROP TABLE staff", List.of("a"), "\"")).getMessage().contains("not a plain table name"));
        assertTrue(assertThrows(QueryRejectedException.class,
                () -> SelectQuery.build("staff", List.of("a\" FROM x --"), "\"")).getMessage().contains("not a plain column name"));
    }

    /** A function H2 would run with Roster's file or network access, as written in the query, where it is, and the query. */
    static Stream<Arguments> h2FileAndNetworkCalls() {
        return Stream.of(
                Arguments.of("CSVWRITE", "in the select list", "SELECT CSVWRITE('/tmp/x.csv', 'SELECT 1')"),
                Arguments.of("FILE_WRITE", "in the select list", "SELECT FILE_WRITE('abc', '/tmp/x') AS n FROM staff"),
                Arguments.of("CSVREAD", "in the FROM clause", "SELECT * FROM CSVREAD('/etc/passwd')"),
                Arguments.of("FILE_READ", "in the WHERE clause", "SELECT a FROM staff WHERE b = FILE_READ('/etc/passwd')"),
                Arguments.of("LINK_SCHEMA", "in the FROM clause",
                        "SELECT * FROM LINK_SCHEMA('X', '', 'jdbc:postgresql://elsewhere/db', 'u', 'p', 'public')"),
                Arguments.of("FILE_READ", "in a JOIN", "SELECT a FROM staff s JOIN dept d ON d.id = LENGTH(FILE_READ('/x'))"),
                Arguments.of("FILE_READ", "in the WHERE clause of a subquery in the WHERE clause",
                        "SELECT a FROM staff WHERE id IN (SELECT id FROM dept WHERE FILE_READ('/x') IS NOT NULL)"),
                Arguments.of("FILE_READ", "in the select list of a subquery in the FROM clause",
                        "SELECT a FROM (SELECT FILE_READ('/x') AS a) q"),
                Arguments.of("CSVWRITE", "in the select list of a subquery in the WITH clause",
                        "WITH c AS (SELECT CSVWRITE('/tmp/x', 'SELECT 1') AS n) SELECT * FROM c"),
                Arguments.of("FILE_READ", "in the WHERE clause", "SELECT a FROM staff WHERE UPPER(TRIM(FILE_READ('/x'))) = 'A'"),
                Arguments.of("CSVWRITE", "in the select list",
                        "SELECT CASE WHEN a = 1 THEN CSVWRITE('/tmp/x', 'SELECT 1') ELSE 0 END FROM staff"),
                Arguments.of("FILE_READ", "in ORDER BY", "SELECT a FROM staff ORDER BY FILE_READ('/x')"),
                Arguments.of("FILE_READ", "in GROUP BY", "SELECT COUNT(*) FROM staff GROUP BY FILE_READ('/x')"),
                Arguments.of("FILE_READ", "in HAVING", "SELECT b FROM staff GROUP BY b HAVING COUNT(*) > LENGTH(FILE_READ('/x'))"),
                Arguments.of("FILE_READ", "in the select list",
                        "SELECT ROW_NUMBER() OVER (PARTITION BY FILE_READ('/x') ORDER BY a) FROM staff"),
                Arguments.of("FILE_READ", "in the select list", "SELECT a FROM staff UNION SELECT FILE_READ('/x')"),
                Arguments.of("CSVWRITE", "in the select list", "SELECT {fn CSVWRITE('/tmp/x', 'SELECT 1')}"),
                Arguments.of("csvWrite", "in the select list", "select csvWrite('/tmp/x', 'select 1')"),
                Arguments.of("CsvWrite", "in the select list", "SELECT \"CsvWrite\"('/tmp/x', 'SELECT 1')"));
    }

    @ParameterizedTest
    @MethodSource("h2FileAndNetworkCalls")
    void refusesH2sFileAndNetworkFunctionsWhereverTheyAreNamingThemAndWhere(String function, String where, String sql) {
        String message = refused(sql, SqlDialect.H2);
        assertTrue(message.startsWith("the query calls " + function + " " + where + ", which H2 runs inside Roster with file"),
                message);
        assertTrue(message.contains("only ordinary SQL functions are accepted in a source query (allowed: "), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "PUBLIC.SHELL  | SELECT PUBLIC.SHELL('ls') FROM staff",
            "shell         | SELECT a FROM staff WHERE shell(a) = 1",
            "ABORT_SESSION | SELECT ABORT_SESSION(1)",
            "NEXTVAL       | SELECT NEXTVAL('staff_seq')",
            "DATABASE_PATH | SELECT DATABASE_PATH()"})
    void refusesOnH2EveryFunctionThatIsNotAnOrdinaryOneSoUserDefinedAliasesToo(String function, String sql) {
        String message = refused(sql, SqlDialect.H2);
        assertTrue(message.startsWith("the query calls " + function + " "), message);
        assertTrue(message.contains("is not one of H2's ordinary SQL functions"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT work_email, first_name, last_name, job_title, department, office, phone_work, mobile, country,"
                    + " cost_centre FROM staff WHERE active = TRUE",
            "SELECT LOWER(TRIM(work_email)) AS email, UPPER(LEFT(first_name, 1)) || SUBSTRING(first_name, 2) AS first,"
                    + " CONCAT(first_name, ' ', last_name), COALESCE(office, 'Head Office'), REPLACE(phone, ' ', ''),"
                    + " CAST(employee_id AS VARCHAR), CONVERT(employee_id, VARCHAR), NULLIF(mobile, ''),"
                    + " FORMATDATETIME(updated_at, 'yyyy-MM-dd'), EXTRACT(YEAR FROM updated_at), CURRENT_DATE,"
                    + " CASE WHEN country IN ('DE', 'AT') THEN 'GmbH' ELSE 'Ltd' END, REGEXP_REPLACE(a, '[^0-9]', ''),"
                    + " TRIM(BOTH ' ' FROM a), SUBSTRING(a FROM 1 FOR 2), POSITION('@' IN work_email), IFNULL(a, b)"
                    + " FROM staff WHERE updated_at > DATEADD('DAY', -1, CURRENT_TIMESTAMP) ORDER BY LOWER(last_name)",
            "SELECT department, COUNT(*), MAX(updated_at), LISTAGG(work_email, ',') WITHIN GROUP (ORDER BY work_email),"
                    + " STRING_AGG(work_email, ',') FROM staff GROUP BY department HAVING COUNT(*) > 1",
            "SELECT * FROM (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY work_email ORDER BY updated_at DESC) AS n"
                    + " FROM staff s) q WHERE n = 1",
            "WITH latest AS (SELECT work_email, MAX(updated_at) AS at FROM staff GROUP BY work_email)"
                    + " SELECT s.* FROM staff s JOIN latest l ON l.work_email = s.work_email AND l.at = s.updated_at",
            "SELECT x FROM SYSTEM_RANGE(1, 3)"})
    void acceptsOrdinaryFunctionsOnH2(String sql) {
        SelectQuery.checked(sql, SqlDialect.H2);
    }

    /** A database, a function that reaches its server's files, other servers or the operating system, and a query. */
    static Stream<Arguments> otherDatabasesDangerousCalls() {
        return Stream.of(
                Arguments.of(SqlDialect.POSTGRESQL, "pg_read_file", "SELECT pg_read_file('/etc/passwd')"),
                Arguments.of(SqlDialect.POSTGRESQL, "pg_read_binary_file",
                        "SELECT email FROM staff WHERE pg_read_binary_file('/x') IS NOT NULL"),
                Arguments.of(SqlDialect.POSTGRESQL, "pg_catalog.pg_ls_dir", "SELECT * FROM pg_catalog.pg_ls_dir('.')"),
                Arguments.of(SqlDialect.POSTGRESQL, "pg_stat_file", "SELECT (pg_stat_file('postgresql.conf')).size"),
                Arguments.of(SqlDialect.POSTGRESQL, "lo_import",
                        "SELECT email FROM staff WHERE id = (SELECT lo_import('/etc/passwd'))"),
                Arguments.of(SqlDialect.POSTGRESQL, "lo_export", "SELECT lo_export(1234, '/tmp/x') FROM staff"),
                Arguments.of(SqlDialect.POSTGRESQL, "dblink", "SELECT * FROM dblink('host=elsewhere', 'SELECT 1') AS t(a int)"),
                Arguments.of(SqlDialect.POSTGRESQL, "DBLINK_EXEC", "SELECT DBLINK_EXEC('host=x', 'DROP TABLE staff')"),
                Arguments.of(SqlDialect.POSTGRESQL, "query_to_xml", "SELECT query_to_xml('SELECT 1', true, true, '')"),
                Arguments.of(SqlDialect.MYSQL, "LOAD_FILE", "SELECT LOAD_FILE('/etc/passwd')"),
                Arguments.of(SqlDialect.MYSQL, "load_file", "SELECT `load_file`('/etc/passwd') AS f FROM hr.staff"),
                Arguments.of(SqlDialect.MYSQL, "INTO OUTFILE", "SELECT * INTO OUTFILE '/tmp/x' FROM hr.staff"),
                Arguments.of(SqlDialect.MYSQL, "INTO OUTFILE", "SELECT * FROM hr.staff INTO DUMPFILE '/tmp/x'"),
                Arguments.of(SqlDialect.SQL_SERVER, "OPENROWSET",
                        "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=elsewhere;Trusted_Connection=yes;', 'SELECT 1') AS a"),
                Arguments.of(SqlDialect.SQL_SERVER, "OPENROWSET", "SELECT * FROM OPENROWSET(BULK 'C:\\x.txt', SINGLE_CLOB) AS a"),
                Arguments.of(SqlDialect.SQL_SERVER, "OPENDATASOURCE",
                        "SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=elsewhere').hr.dbo.Staff"),
                Arguments.of(SqlDialect.SQL_SERVER, "OPENQUERY", "SELECT * FROM OPENQUERY(elsewhere, 'SELECT 1')"),
                Arguments.of(SqlDialect.SQL_SERVER, "master.xp_cmdshell", "SELECT master..xp_cmdshell('dir')"),
                Arguments.of(SqlDialect.SQL_SERVER, "dbo.xp_cmdshell",
                        "SELECT TOP 10 [Work Email] FROM dbo.Staff WHERE 1 = [dbo].[xp_cmdshell]('dir')"),
                Arguments.of(SqlDialect.OTHER, "PG_READ_FILE", "SELECT PG_READ_FILE('/etc/passwd')"),
                Arguments.of(SqlDialect.OTHER, "CSVWRITE", "SELECT CSVWRITE('/tmp/x', 'SELECT 1')"));
    }

    @ParameterizedTest
    @MethodSource("otherDatabasesDangerousCalls")
    void refusesOnOtherDatabasesTheFunctionsThatReachFilesServersOrCommandsNamingThem(SqlDialect dialect, String function,
                                                                                     String sql) {
        String message = refused(sql, dialect);
        assertTrue(message.contains(function), message);
        assertTrue(message.endsWith(": a source query may only read the source's data")
                || message.contains("writes a file on the database server"), message);
    }

    @Test
    void leavesOtherDatabasesOrdinaryAndOwnFunctionsToTheLoginsRights() {
        SelectQuery.checked("SELECT lower(email), coalesce(office, ''), to_char(updated_at, 'YYYY'), a::text FROM hr.staff"
                + " WHERE a = ANY(ARRAY['x']) ORDER BY lower(last_name)", SqlDialect.POSTGRESQL);
        SelectQuery.checked("SELECT hr.sneaky() AS n, CONCAT(a, b), IFNULL(c, '') FROM hr.staff", SqlDialect.MYSQL);
        SelectQuery.checked("SELECT TOP 10 UPPER([Work Email]), ISNULL(Office, N'') FROM dbo.Staff", SqlDialect.SQL_SERVER);
    }

    @Test
    void tellsTheDatabaseByItsUrl() {
        assertEquals(SqlDialect.H2, SqlDialect.of("jdbc:h2:mem:sample-hr;DB_CLOSE_DELAY=-1"));
        assertEquals(SqlDialect.H2, SqlDialect.of(" JDBC:H2:file:./hr"));
        assertEquals(SqlDialect.POSTGRESQL, SqlDialect.of("jdbc:postgresql://hr-db:5432/hr"));
        assertEquals(SqlDialect.MYSQL, SqlDialect.of("jdbc:mariadb://hr-db/hr"));
        assertEquals(SqlDialect.MYSQL, SqlDialect.of("jdbc:mysql://hr-db/hr"));
        assertEquals(SqlDialect.SQL_SERVER, SqlDialect.of("jdbc:sqlserver://hr-db:1433;databaseName=hr"));
        assertEquals(SqlDialect.OTHER, SqlDialect.of("jdbc:oracle:thin:@hr-db:1521/hr"));
    }
}
