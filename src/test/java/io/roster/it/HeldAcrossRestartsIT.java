package io.roster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.roster.it.StateRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Held changes outlive the process: a run holds every deactivation past its limit and exits; a new process lists them,
 * another approves them all; the run that applies them is killed with SIGKILL midway; the next one applies the rest.
 * Nothing held was applied before its approval, none was lost, each deactivation was sent once, and no approval is
 * left behind for a change that has landed.
 */
class HeldAcrossRestartsIT {

    static final int LEAVERS = 60;
    static final Path DIR = Path.of("target/held-restarts");
    static final String KEY = "held-test-key-9a31";

    record Result(int exit, String out) {
    }

    @Test
    void heldChangesOutliveRestartsAndAKilledRunAndEachIsAppliedOnceApproved() throws Exception {
        String db = StatePostgres.database("held_restarts");
        SignSimulator sign = new SignSimulator(KEY);
        try {
            prepareFiles();
            for (int i = 0; i < LEAVERS; i++) {
                sign.addUser(leaver(i), "Left", "User", "Sales", false, false, "ACTIVE");
            }

            Result first = roster(db, sign, "run1", "run", "csv-to-sign");
            assertEquals(1, first.exit, "held changes: the run needs a look; see " + DIR.resolve("run1.log"));
            assertEquals(0, inactiveLeavers(sign), "nothing held is applied");
            assertEquals(0, sign.calls("PUT users/{id}/state"));

            Result listed = roster(db, sign, "list", "held", "list", "csv-to-sign", "--json");
            assertEquals(0, listed.exit, listed.out);
            JsonNode held = new ObjectMapper().readTree(listed.out);
            assertEquals(LEAVERS, held.size(), "every held change is there for a new process: " + listed.out);
            assertEquals("deactivate", held.get(0).path("action").asText(), listed.out);

            Result approved = roster(db, sign, "approve", "held", "approve", "csv-to-sign", "--all", "--by", "it");
            assertEquals(0, approved.exit, approved.out);

            sign.answerWritesLate(15);
            Process killed = launch(db, sign, "run2", "run", "csv-to-sign");
            long deadline = System.currentTimeMillis() + 120_000;
            while (inactiveLeavers(sign) < LEAVERS / 3 && killed.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(killed.isAlive(), "the run was still deactivating when it was killed; see " + DIR.resolve("run2.log"));
            killed.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
            assertTrue(inactiveLeavers(sign) < LEAVERS, "killed midway");
            try (Connection c = DriverManager.getConnection(db, "postgres", "postgres");
                 Statement s = c.createStatement()) {
                assertEquals(Map.of("approved", LEAVERS), statuses(c), "a killed run releases no approval");
                // the dead holder's job lock lapses one lease after its last renewal: made to have passed here
                s.executeUpdate("UPDATE roster_job_lock SET lock_until = CURRENT_TIMESTAMP - INTERVAL '1 second'");
            }

            sign.answerWritesLate(0);
            Result third = roster(db, sign, "run3", "run", "csv-to-sign");
            assertEquals(0, third.exit, "see " + DIR.resolve("run3.log"));
            assertEquals(LEAVERS, inactiveLeavers(sign));
            assertEquals(LEAVERS, sign.calls("PUT users/{id}/state"), "each deactivation sent once");
            try (Connection c = DriverManager.getConnection(db, "postgres", "postgres")) {
                Map<String, Integer> after = statuses(c);
                assertEquals(LEAVERS, after.getOrDefault("released", 0) + after.getOrDefault("superseded", 0), after.toString());
                assertTrue(after.getOrDefault("released", 0) > 0 && after.getOrDefault("superseded", 0) > 0,
                        "applied by the last run: released; landed in the killed one: no longer waiting; " + after);
                assertEquals(String.valueOf(LEAVERS), rows(c, "SELECT COUNT(*) FROM roster_audit WHERE action ="
                        + " 'deactivate'").get(0)[0], "each deactivation audited once");
            }
        } finally {
            sign.close();
        }
    }

    private static Map<String, Integer> statuses(Connection c) throws Exception {
        return rows(c, "SELECT status, COUNT(*) FROM roster_held_action GROUP BY status").stream()
                .collect(Collectors.toMap(r -> r[0], r -> Integer.parseInt(r[1])));
    }

    private static long inactiveLeavers(SignSimulator sign) {
        return sign.users().stream().filter(u -> u.email.startsWith("left") && "INACTIVE".equals(u.status)).count();
    }

    private static String leaver(int i) {
        return "left" + i + "@example.com";
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
                holds:
                  deactivate: 0
                """, StandardCharsets.UTF_8);
        Files.writeString(DIR.resolve("csv/people.csv"), "firstname,lastname,email,country,groups\n"
                + "Ann,Able,ann@example.com,US,Sales\n", StandardCharsets.UTF_8);
    }

    private static Result roster(String db, SignSimulator sign, String log, String... args) throws Exception {
        Process p = launch(db, sign, log, args);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("roster " + String.join(" ", args) + " did not exit within 2 minutes");
        }
        return new Result(p.exitValue(), Files.readString(DIR.resolve(log + ".out")));
    }

    private static Process launch(String db, SignSimulator sign, String log, String... args) throws IOException {
        String jar = System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=postgresql",
                "-Dquarkus.datasource.postgresql.jdbc.url=" + db,
                "-Dquarkus.datasource.postgresql.username=postgres",
                "-Dquarkus.datasource.postgresql.password=postgres",
                "-Dquarkus.http.port=0",
                "-Dcamel.main.routes-reload-enabled=false",
                "-Droster.config-dir=" + DIR.resolve("jobs"),
                "-Droster.csv.csv-to-sign.dir=" + DIR.resolve("csv"),
                "-Droster.batch-size=10",
                "-Droster.sign.concurrency=2",
                "-Droster.sign.orgs.primary.base-url=" + sign.baseUrl(),
                "-Droster.sign.orgs.primary.integration-key=" + KEY,
                "-Droster.sign.orgs.primary.deactivate-users=true",
                "-jar", jar));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(new File(DIR.resolve(log + ".log").toString()))
                .redirectOutput(new File(DIR.resolve(log + ".out").toString())).start();
    }
}
