package io.roster.it;

import io.roster.sim.SignSimulator;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.roster.it.StateRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application, on its shipped embedded state store, gets SIGTERM in the middle of a sync (a pod evicted, a
 * deploy): it ends the run at a batch boundary well inside Kubernetes' 30 s grace period, without an error, records it
 * as interrupted with nothing left pending, and the next run resumes it and finishes the job with nothing done twice.
 */
class GracefulStopIT {

    static final int PEOPLE = 400;
    static final Path DIR = Path.of("target/graceful-stop").toAbsolutePath();
    static final String KEY = "graceful-stop-key-7c31";

    @Test
    void aSigtermEndsTheRunAtABatchBoundaryAndTheNextRunResumesIt() throws Exception {
        SignSimulator sign = new SignSimulator(KEY);
        try {
            prepareFiles();
            sign.answerWritesLate(20);

            Process first = launch(sign, "run1.log");
            long deadline = System.currentTimeMillis() + 120_000;
            while (sign.users().size() < 60 && first.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(first.isAlive(), "the run was still working when it was stopped; see " + DIR.resolve("run1.log"));
            long signalled = System.nanoTime();
            first.destroy(); // SIGTERM
            assertTrue(first.waitFor(25, TimeUnit.SECONDS), "stopped inside the grace period");
            long stopMillis = (System.nanoTime() - signalled) / 1_000_000;
            assertEquals(143, first.exitValue(), "the conventional exit of a process ended by SIGTERM (128 + 15)");
            String log1 = Files.readString(DIR.resolve("run1.log"));
            assertTrue(stopMillis < 15_000, "stopped in " + stopMillis + " ms");
            assertFalse(log1.contains("already closed"), log1);
            assertFalse(log1.contains("Exception"), "no error on the way out: " + log1);
            assertFalse(log1.contains(" ERROR "), log1);
            assertTrue(log1.contains("interrupted"), log1);
            int created = sign.users().size();
            assertTrue(created < PEOPLE, "stopped midway: " + created);

            try (Connection c = state()) {
                List<String[]> runs = rows(c, "SELECT run_id, status, exit_code FROM roster_run ORDER BY started_at");
                assertEquals(1, runs.size());
                assertEquals("interrupted", runs.get(0)[1]);
                assertEquals("0", rows(c, "SELECT COUNT(*) FROM roster_pending_write").get(0)[0],
                        "the batch under way finished and was journaled");
                assertEquals(Integer.toString(created), rows(c, "SELECT COUNT(*) FROM roster_audit").get(0)[0],
                        "every create that landed is audited");
            }

            sign.answerWritesLate(0);
            Process second = launch(sign, "run2.log");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, second.exitValue(), "see " + DIR.resolve("run2.log"));
            assertEquals(PEOPLE, sign.users().size());
            assertEquals(0, sign.repeatedCreates(), "nothing was created twice");
            try (Connection c = state()) {
                List<String[]> runs = rows(c, "SELECT run_id, status, resumed_from FROM roster_run ORDER BY started_at");
                assertEquals(List.of("interrupted", "ok"), runs.stream().map(r -> r[1]).toList());
                assertEquals(runs.get(0)[0], runs.get(1)[2], "the second run resumed the first");
                Map<String, Integer> audited = new HashMap<>();
                rows(c, "SELECT person_key FROM roster_audit WHERE action = 'create'")
                        .forEach(r -> audited.merge(r[0], 1, Integer::sum));
                assertEquals(PEOPLE, audited.size());
                assertTrue(audited.values().stream().allMatch(n -> n == 1), "each create audited once");
            }
        } finally {
            sign.close();
        }
    }

    private static Connection state() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + DIR.resolve("data/roster-state") + ";ACCESS_MODE_DATA=r", "roster", "");
    }

    private static void prepareFiles() throws IOException {
        if (Files.exists(DIR)) {
            try (var walk = Files.walk(DIR)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(DIR.resolve("jobs"));
        Files.createDirectories(DIR.resolve("csv"));
        Files.writeString(DIR.resolve("jobs/csv-to-sign.yaml"), """
                sign:
                  users: mapped
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

    /** Runs in its own folder, so the shipped embedded state store (./data) is created there. */
    private static Process launch(SignSimulator sign, String log) throws IOException {
        Path jar = Path.of(System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        Path routes = Path.of("routes").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0",
                "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.main.routes-include-pattern=file:" + routes + "/*.yaml",
                "-Droster.once=true",
                "-Droster.jobs=csv-to-sign",
                "-Droster.config-dir=" + DIR.resolve("jobs"),
                "-Droster.csv.csv-to-sign.dir=" + DIR.resolve("csv"),
                "-Droster.batch-size=25",
                "-Droster.sign.concurrency=2",
                "-Droster.sign.orgs.primary.base-url=" + sign.baseUrl(),
                "-Droster.sign.orgs.primary.integration-key=" + KEY,
                "-jar", jar.toString()));
        return new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(DIR.resolve(log).toString())).start();
    }
}
