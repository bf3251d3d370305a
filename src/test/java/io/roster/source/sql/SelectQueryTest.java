package io.roster.source.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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
        String checked = SelectQuery.checked(sql);
        assertTrue(!checked.endsWith(";"), "a trailing semicolon is dropped");
    }

    @Test
    void refusesWhatWritesOrLocksNamingWhy() {
        assertEquals("only a SELECT is accepted; this is a DELETE: Roster never writes to a source",
                assertThrows(QueryRejectedException.class, () -> SelectQuery.checked("DELETE FROM staff")).getMessage());
        assertTrue(assertThrows(QueryRejectedException.class, () -> SelectQuery.checked("SELECT 1; DROP TABLE staff"))
                .getMessage().contains("only a single statement"));
        assertTrue(assertThrows(QueryRejectedException.class, () -> SelectQuery.checked("SELECT * INTO copy FROM staff"))
                .getMessage().contains("SELECT … INTO"));
        assertTrue(assertThrows(QueryRejectedException.class, () -> SelectQuery.checked("SELECT * FROM staff FOR UPDATE"))
                .getMessage().contains("locks rows"));
        assertTrue(assertThrows(QueryRejectedException.class,
                () -> SelectQuery.checked("WITH gone AS (DELETE FROM staff RETURNING *) SELECT * FROM gone"))
                .getMessage().contains("changes data"));
        assertTrue(assertThrows(QueryRejectedException.class, () -> SelectQuery.checked("UPDATE staff SET x = 1"))
                .getMessage().contains("an UPDATE"));
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
}
