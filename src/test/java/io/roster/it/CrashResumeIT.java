package io.roster.it;

import io.roster.sim.SignSimulator;
import io.roster.state.StatePostgres;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application is killed with SIGKILL in the middle of a sync; the next run resumes it. Sign ends with
 * everyone exactly once, no create was sent twice, and the audit log holds every create exactly once.
 */
class CrashResumeIT {

    static final int PEOPLE = 400;
    static final Path DIR = Path.of("target/crash");
    static final String KEY = "crash-test-key-5e21";

    @Test
    void aRunKilledMidwayIsResumedByTheNextWithoutDoingAnythingTwice() throws Exception {
        SignSimulator sign = new SignSimulator(KEY);
        try {
            prepareFiles();
            sign.delayWrites(15);

            Process first = launch(sign, "run1.log");
            long deadline = System.currentTimeMillis() + 120_000;
            while (sign.users().size() < PEOPLE / 3 && first.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(first.isAlive(), "the first run was still working when it was killed; see " + DIR.resolve("run1.log"));
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            first.waitFor(30, TimeUnit.SECONDS);
            int createdBeforeKill = sign.users().size();
            assertTrue(createdBeforeKill < PEOPLE, "killed midway: " + createdBeforeKill);

            sign.delayWrites(0);
            Process second = launch(sign, "run2.log");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS), "second run ended");
            assertEquals(0, second.exitValue(), "second run succeeded; see " + DIR.resolve("run2.log"));

            for (int i = 0; i < PEOPLE; i++) {
                String email = "p" + i + "@example.com";
                assertNotNull(sign.user(email), email);
                assertEquals("Sales", sign.primaryGroupName(email), email);
            }
            assertEquals(PEOPLE, sign.users().size());
            assertEquals(0, sign.repeatedCreates(), "no create was sent for someone who already existed");

            try (Connection c = DriverManager.getConnection(StatePostgres.jdbcUrl(), "postgres", "postgres")) {
                List<String[]> runs = rows(c, "SELECT run_id, status, resumed_from FROM roster_run ORDER BY started_at");
                assertEquals(2, runs.size());
                assertEquals("interrupted", runs.get(0)[1]);
                assertEquals("ok", runs.get(1)[1]);
                assertEquals(runs.get(0)[0], runs.get(1)[2], "the second run resumed the first");
                assertTrue(Integer.parseInt(rows(c, "SELECT COUNT(*) FROM roster_checkpoint WHERE run_id = '"
                        + runs.get(0)[0] + "'").get(0)[0]) > 0, "the killed run had checkpointed batches");
                assertEquals(Integer.toString(PEOPLE), rows(c,
                        "SELECT COUNT(DISTINCT person_key) FROM roster_audit WHERE action = 'create'").get(0)[0]);
                assertEquals(Integer.toString(PEOPLE), rows(c,
                        "SELECT COUNT(*) FROM roster_audit WHERE action = 'create'").get(0)[0], "each create audited once");
                assertEquals(Integer.toString(PEOPLE), rows(c, "SELECT COUNT(*) FROM roster_person_state").get(0)[0]);
                assertEquals("0", rows(c, "SELECT COUNT(*) FROM roster_pending_write").get(0)[0]);
            }
        } finally {
            sign.close();
        }
    }

    private static void prepareFiles() throws IOException {
        Files.createDirectories(DIR.resolve("jobs"));
        Files.createDirectories(DIR.resolve("csv"));
        Files.writeString(DIR.resolve("jobs/csv-to-sign.yaml"), """
                sign:
                  users: all
                  user_management:
                    - directory_group: Sales
                      sign_group: Sales
                """, StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("firstname,lastname,email,country,groups\n");
        for (int i = 0; i < PEOPLE; i++) {
            csv.append("P,").append(i).append(",p").append(i).append("@example.com,US,Sales\n");
        }
        Files.writeString(DIR.resolve("csv/people.csv"), csv, StandardCharsets.UTF_8);
    }

    private static Process launch(SignSimulator sign, String log) throws IOException {
        String jar = System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=postgresql",
                "-Dquarkus.datasource.postgresql.jdbc.url=" + StatePostgres.jdbcUrl(),
                "-Dquarkus.datasource.postgresql.username=postgres",
                "-Dquarkus.datasource.postgresql.password=postgres",
                "-Dquarkus.http.port=0",
                "-Dcamel.main.routes-reload-enabled=false",
                "-Droster.once=true",
                "-Droster.config-dir=" + DIR.resolve("jobs"),
                "-Droster.csv.csv-to-sign.dir=" + DIR.resolve("csv"),
                "-Droster.batch-size=25",
                "-Droster.sign.concurrency=4",
                "-Droster.sign.orgs.primary.base-url=" + sign.baseUrl(),
                "-Droster.sign.orgs.primary.integration-key=" + KEY,
                "-jar", jar));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(DIR.resolve(log).toString())).start();
    }

    private static List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] r = new String[n];
                for (int i = 0; i < n; i++) {
                    r[i] = rs.getString(i + 1);
                }
                out.add(r);
            }
        }
        return out;
    }
}
