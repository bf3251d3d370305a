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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.roster.it.StateRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application is killed with SIGKILL in the middle of a sync, twice: once while it creates and updates
 * people, once while it deactivates leavers; the third run finishes the job. Sign's writes are applied at once and
 * answered late, so every kill leaves changes that happened but were never confirmed. Sign ends exactly right, no
 * change was sent twice, and the audit log holds every change exactly once.
 */
class CrashResumeIT {

    static final int PEOPLE = 400;
    static final int LEAVERS = 120;
    static final Path DIR = Path.of("target/crash");
    static final String KEY = "crash-test-key-5e21";
    static final Pattern RECOVERED = Pattern.compile("checked in Sign: (\\d+) had landed");

    @Test
    void runsKilledMidwayAreResumedWithoutDoingAnythingTwiceOrLeavingAnythingUnaudited() throws Exception {
        SignSimulator sign = new SignSimulator(KEY);
        try {
            prepareFiles();
            // Odd people are in Sign already under an old last name (one update each); even ones are new.
            for (int i = 1; i < PEOPLE; i += 2) {
                sign.addUser(email(i), "P", "Stale", "Sales", false, false, "ACTIVE");
            }
            for (int i = 0; i < LEAVERS; i++) {
                sign.addUser("left" + i + "@example.com", "Left", "User", "Sales", false, false, "ACTIVE");
            }
            sign.answerWritesLate(15);

            killWhen(sign, "run1.log", () -> sign.users().size() >= PEOPLE / 2 + LEAVERS + 60);
            assertTrue(sign.users().size() < PEOPLE + LEAVERS, "killed while creating");
            killWhen(sign, "run2.log", () -> inactiveLeavers(sign) >= LEAVERS / 3);
            assertTrue(inactiveLeavers(sign) < LEAVERS, "killed while deactivating");

            sign.answerWritesLate(0);
            Process third = launch(sign, "run3.log");
            assertTrue(third.waitFor(120, TimeUnit.SECONDS), "third run ended");
            assertEquals(0, third.exitValue(), "third run succeeded; see " + DIR.resolve("run3.log"));

            for (int i = 0; i < PEOPLE; i++) {
                assertNotNull(sign.user(email(i)), email(i));
                assertEquals(Integer.toString(i), sign.user(email(i)).lastName, email(i));
                assertEquals("Sales", sign.primaryGroupName(email(i)), email(i));
            }
            assertEquals(LEAVERS, inactiveLeavers(sign));
            assertEquals(PEOPLE + LEAVERS, sign.users().size());
            assertEquals(0, sign.repeatedCreates(), "no create was sent for someone who already existed");
            assertEquals(PEOPLE / 2, sign.calls("PUT users/{id}"), "each update sent once");
            assertEquals(LEAVERS, sign.calls("PUT users/{id}/state"), "each deactivation sent once");
            assertTrue(recovered("run2.log") > 0 && recovered("run3.log") > 0,
                    "each resumed run found changes that had landed unconfirmed");

            try (Connection c = DriverManager.getConnection(StatePostgres.jdbcUrl(), "postgres", "postgres")) {
                List<String[]> runs = rows(c, "SELECT run_id, status, resumed_from FROM roster_run ORDER BY started_at");
                assertEquals(3, runs.size());
                assertEquals(List.of("interrupted", "interrupted", "ok"), runs.stream().map(r -> r[1]).toList());
                assertEquals(runs.get(0)[0], runs.get(1)[2], "the second run resumed the first");
                assertEquals(runs.get(1)[0], runs.get(2)[2], "the third run resumed the second");
                assertTrue(Integer.parseInt(rows(c, "SELECT COUNT(*) FROM roster_checkpoint WHERE run_id = '"
                        + runs.get(0)[0] + "'").get(0)[0]) > 0, "the killed run had checkpointed batches");

                Map<String, Integer> audited = new HashMap<>();
                rows(c, "SELECT action, person_key FROM roster_audit").forEach(r -> audited.merge(r[0] + " " + r[1], 1, Integer::sum));
                for (int i = 0; i < PEOPLE; i++) {
                    String change = (i % 2 == 0 ? "create " : "update ") + email(i);
                    assertEquals(1, audited.getOrDefault(change, 0), "audited once: " + change);
                }
                for (int i = 0; i < LEAVERS; i++) {
                    assertEquals(1, audited.getOrDefault("deactivate left" + i + "@example.com", 0), "audited once: leaver " + i);
                }
                assertEquals(Integer.toString(PEOPLE + LEAVERS), rows(c, "SELECT COUNT(*) FROM roster_person_state").get(0)[0]);
                assertEquals("0", rows(c, "SELECT COUNT(*) FROM roster_pending_write").get(0)[0]);
            }
        } finally {
            sign.close();
        }
    }

    private static void killWhen(SignSimulator sign, String log, BooleanSupplier midway) throws Exception {
        Process run = launch(sign, log);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!midway.getAsBoolean() && run.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(run.isAlive(), "the run was still working when it was killed; see " + DIR.resolve(log));
        run.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        // The dead holder's job lock lapses one lease (roster.job-lock.lease, 2m) after its last renewal; the next start
        // would skip the job until then. Here the lease is made to have passed, rather than waited for.
        try (Connection c = DriverManager.getConnection(StatePostgres.jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE roster_job_lock SET lock_until = CURRENT_TIMESTAMP - INTERVAL '1 second'"
                    + " WHERE lock_until > CURRENT_TIMESTAMP"), "the killed run's lock was still held");
        }
    }

    private static long inactiveLeavers(SignSimulator sign) {
        return sign.users().stream().filter(u -> u.email.startsWith("left") && "INACTIVE".equals(u.status)).count();
    }

    private static int recovered(String log) throws IOException {
        Matcher m = RECOVERED.matcher(Files.readString(DIR.resolve(log)));
        int n = 0;
        while (m.find()) {
            n += Integer.parseInt(m.group(1));
        }
        return n;
    }

    private static String email(int i) {
        return "p" + i + "@example.com";
    }

    private static void prepareFiles() throws IOException {
        Files.createDirectories(DIR.resolve("jobs"));
        Files.createDirectories(DIR.resolve("csv"));
        Files.writeString(DIR.resolve("jobs/csv-to-sign.yaml"), """
                sign:
                  users: all
                  user_sync:
                    sign_only_limit: 100%
                    sign_only_user_action: deactivate
                  user_management:
                    - directory_group: Sales
                      sign_group: Sales
                """, StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("firstname,lastname,email,country,groups\n");
        for (int i = 0; i < PEOPLE; i++) {
            csv.append("P,").append(i).append(',').append(email(i)).append(",US,Sales\n");
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
                "-Droster.jobs=csv-to-sign",
                "-Droster.config-dir=" + DIR.resolve("jobs"),
                "-Droster.csv.csv-to-sign.dir=" + DIR.resolve("csv"),
                "-Droster.batch-size=25",
                "-Droster.sign.concurrency=4",
                "-Droster.sign.orgs.primary.base-url=" + sign.baseUrl(),
                "-Droster.sign.orgs.primary.integration-key=" + KEY,
                "-Droster.sign.orgs.primary.deactivate-users=true",
                "-jar", jar));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(DIR.resolve(log).toString())).start();
    }
}
