package io.roster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.commands.DeadLetterCommands;
import io.roster.commands.SourceSizeCommands;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.state.WriteBackDatabase;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.roster.e2e.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state a run keeps and the safety it buys, against a real PostgreSQL state store: run history and audit over
 * HTTP, the source-drop limit, conflict policies, dead-letter retry and discard, write-back to an external table.
 */
@QuarkusTest
@QuarkusTestResource(SignSimulators.class)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WriteBackDatabase.class, restrictToAnnotatedClass = true)
class StateAndSafetyTest {

    @SignSimulators.Primary
    SignSimulator sign;

    @SignSimulators.Org2
    SignSimulator org2;

    @Inject
    JobRunner runner;

    @Inject
    DeadLetters deadLetters;

    @Inject
    DeadLetterCommands commands;

    @Inject
    StateStore state;

    @Inject
    io.roster.state.RunHistory history;

    @Inject
    SourceSizeCommands sourceSizes;

    @BeforeEach
    void clean() throws Exception {
        sign.reset();
        org2.reset();
        StateTables.clear(state);
        try (Connection c = DriverManager.getConnection(WriteBackDatabase.jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + WriteBackDatabase.TABLE);
        }
        JobFiles.job(JobFiles.rules("exclude", "100"));
    }

    private RunReport run() {
        return runner.run("csv-to-sign", false);
    }

    private static String people(int n) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < n; i++) {
            csv.append("P,").append(i).append(",p").append(i).append("@example.com,US,Sales\n");
        }
        return csv.toString();
    }

    @Test
    void runHistoryAndAuditAreServedOverHttp() {
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Engineering\n");
        RunReport first = run();
        sign.user("ann@example.com").lastName = "Old";
        RunReport second = run();

        given().queryParam("job", "csv-to-sign").get("/roster/runs").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].runId", equalTo(second.id()))
                .body("[0].status", equalTo("ok"))
                .body("[0].counts.updated", equalTo(1))
                .body("[0].counts.unchanged", equalTo(1))
                .body("[1].counts.created", equalTo(2))
                .body("[1].sourcePeople", equalTo(2))
                .body("[1].startedBy", equalTo("api"));
        given().get("/roster/runs/" + second.id() + "/audit").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].person", equalTo("ann@example.com"))
                .body("[0].action", equalTo("update"))
                .body("[0].before.lastName", equalTo("Old"))
                .body("[0].after.lastName", equalTo("Able"));
        given().get("/roster/runs/" + first.id() + "/audit").then().statusCode(200).body("$", hasSize(2));
        // a refusal says why, in JSON (what a one-shot command beside the service prints)
        given().get("/roster/runs/nope").then().statusCode(404).contentType("application/json")
                .body("error", equalTo("no run nope"));
    }

    @Test
    void theApiAnswersOnlyRequestsThatCarryItsToken() {
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        RunReport first = run();
        io.restassured.RestAssured.given().get("/roster/runs/" + first.id() + "/audit").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        io.restassured.RestAssured.given().header("Authorization", "Bearer not-the-" + Api.TOKEN)
                .post("/roster/jobs/csv-to-sign/run").then().statusCode(401)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(Api.TOKEN)));
        io.restassured.RestAssured.given().header("Authorization", "Basic " + Api.TOKEN)
                .get("/roster/dead-letters").then().statusCode(401);
        assertEquals(1, history.list("csv-to-sign", 10).size(), "a refused request started no run");
        given().get("/roster/runs/" + first.id() + "/audit").then().statusCode(200).body("$", hasSize(1));
        io.restassured.RestAssured.given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aSourceThatShrinksFarBeyondTheLimitRemovesNobody() {
        JobFiles.job(JobFiles.rules("deactivate", "100%"));
        JobFiles.csv(people(10));
        assertEquals(0, run().exitCode());

        JobFiles.csv(people(7)); // 30 % fewer than last time; the limit is 20 %
        RunReport shrunk = run();

        assertEquals(1, shrunk.exitCode());
        assertEquals(0, shrunk.count(Count.DEACTIVATED));
        assertTrue(shrunk.warnings().stream().anyMatch(w -> w.contains("7 people, 3 fewer than the 10")), shrunk.warnings().toString());
        assertEquals("ACTIVE", sign.user("p9@example.com").status);

        JobFiles.csv(people(9)); // against the baseline (10, the last clean run): within the limit again
        RunReport back = run();
        assertEquals(0, back.exitCode(), back.warnings().toString());
        assertEquals(1, back.count(Count.DEACTIVATED));
        assertEquals("INACTIVE", sign.user("p9@example.com").status);
    }

    private void conflictJob(String policy) {
        JobFiles.job("""
                conflicts: %s
                mapping:
                  email: "{email}"
                  firstName: "{firstname}"
                  lastName: "{lastname}"
                  groups: "{groups}"
                  updatedAt: "{updated}"
                """.formatted(policy) + JobFiles.rules("exclude", "100"));
    }

    private void csvWithUpdated(String lastName, String updated) {
        JobFiles.rawCsv("firstname,lastname,email,country,groups,updated\nAnn," + lastName + ",ann@example.com,US,Sales,"
                + updated + "\n");
    }

    @Test
    void sourceWinsOverwritesAValueChangedInSign() {
        conflictJob("source-wins");
        csvWithUpdated("Able", "2020-01-01");
        run();
        sign.user("ann@example.com").lastName = "Edited";
        csvWithUpdated("Abel", "2020-01-02");

        RunReport run = run();

        assertEquals("Abel", sign.user("ann@example.com").lastName);
        assertTrue(run.entries().stream().anyMatch(e -> e.detail().contains("conflict")), run.entries().toString());
    }

    @Test
    void targetWinsKeepsAValueChangedInSignButStillWritesUntouchedFields() {
        conflictJob("target-wins");
        csvWithUpdated("Able", "2020-01-01");
        run();
        sign.user("ann@example.com").lastName = "Edited";
        csvWithUpdated("Abel", "2020-01-02");

        RunReport run = run();

        assertEquals("Edited", sign.user("ann@example.com").lastName);
        assertEquals(1, run.count(Count.SKIPPED));
        assertTrue(run.entries().stream().anyMatch(e -> e.action().equals("skipped") && e.detail().contains("target-wins")));

        // Without a change in Sign there is no conflict: the source's new value is written.
        sign.user("ann@example.com").lastName = "Able";
        run();
        assertEquals("Abel", sign.user("ann@example.com").lastName);
    }

    @Test
    void mostRecentWinsComparesTheSourceUpdatedAtWithRostersLastWrite() {
        conflictJob("most-recent-wins");
        csvWithUpdated("Able", "2020-01-01");
        run();
        sign.user("ann@example.com").lastName = "Edited";

        csvWithUpdated("Abel", "2020-01-02"); // changed in the source long before Roster's last write
        run();
        assertEquals("Edited", sign.user("ann@example.com").lastName, "Sign's later edit is kept");

        csvWithUpdated("Abel", "2999-01-01T00:00:00Z"); // changed in the source after Roster's last write
        run();
        assertEquals("Abel", sign.user("ann@example.com").lastName, "the newer source value wins");
    }

    @Test
    void aRetriedDeadLetterThatNowSucceedsLeavesTheStore() {
        sign.rejectCreate("refused@example.com");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nRef,Used,refused@example.com,US,Sales\n");
        run();
        run(); // fails again: still one letter, two attempts
        List<DeadLetter> open = deadLetters.list("csv-to-sign");
        assertEquals(1, open.size());
        assertEquals(2, open.get(0).attempts());
        long id = open.get(0).id();
        given().get("/roster/dead-letters").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo((int) id)).body("[0].step", equalTo("sign:primary"));

        // Still refused: the retry leaves it open.
        given().post("/roster/dead-letters/retry?job=csv-to-sign").then().statusCode(200)
                .body("stillOpen", hasSize(1)).body("resolved", hasSize(0));

        sign.reset();
        given().post("/roster/dead-letters/retry?id=" + id).then().statusCode(200)
                .body("resolved[0]", equalTo((int) id)).body("stillOpen", hasSize(0));
        assertNotNull(sign.user("refused@example.com"));
        assertTrue(deadLetters.list("csv-to-sign").isEmpty());
        given().get("/roster/dead-letters/" + id).then().statusCode(200).body("status", equalTo("resolved"));
    }

    @Test
    void deadLettersAreDiscardedOnlyWhenNamedAndListedByTheRunMode() {
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nNo,Mail,,US,Sales\nBad,Mail,bad,US,Sales\n");
        run();
        List<DeadLetter> open = deadLetters.list("csv-to-sign");
        assertEquals(2, open.size());
        assertEquals(0, commands.runMode("list", List.of(), List.of()));

        given().post("/roster/dead-letters/discard").then().statusCode(400);
        assertEquals(2, commands.runMode("discard", List.of(), List.of()), "discard without a job or id is refused");
        given().delete("/roster/dead-letters/" + open.get(0).id()).then().statusCode(200).body("discarded", equalTo(1));
        assertEquals(1, deadLetters.list("csv-to-sign").size());

        // The run mode's retry: the bad row is still bad, so it stays open and the exit code says so. The
        // discarded row failed again too: that is news, so it has a new letter.
        assertEquals(1, commands.runMode("retry", List.of("csv-to-sign"), List.of()));
        List<DeadLetter> after = deadLetters.list("csv-to-sign");
        assertEquals(2, after.size());
        assertEquals(2, after.stream().filter(l -> l.id() == open.get(1).id()).findFirst().orElseThrow().attempts());
        assertEquals(0, commands.runMode("discard", List.of("csv-to-sign"), List.of()));
        assertTrue(deadLetters.list("csv-to-sign").isEmpty());
        assertEquals(3, deadLetters.list("csv-to-sign", DeadLetter.DISCARDED).size());
    }

    @Test
    void everyAppliedChangeIsWrittenBackAsAnEventRowWithoutSecrets() throws Exception {
        sign.addUser("gone@example.com", "G", "One", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "100%"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Engineering\n");

        RunReport run = run();

        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(WriteBackDatabase.jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + WriteBackDatabase.TABLE + " ORDER BY person_key")) {
            while (rs.next()) {
                rows.add(Map.of("run", rs.getString("run_id"), "person", rs.getString("person_key"),
                        "action", rs.getString("action"), "after", rs.getString("after_value"),
                        "target", rs.getString("target")));
            }
        }
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(List.of("ann@example.com", "bob@example.com", "gone@example.com"),
                rows.stream().map(r -> r.get("person")).toList());
        assertEquals(List.of("create", "create", "deactivate"), rows.stream().map(r -> r.get("action")).toList());
        assertTrue(rows.stream().allMatch(r -> r.get("run").equals(run.id()) && r.get("target").equals("sign:primary")));
        assertTrue(rows.get(2).get("after").contains("INACTIVE"));
        assertFalse(rows.toString().contains(SignSimulators.PRIMARY_KEY));
    }

    @Test
    void aWriteBackThatFailsLeavesTheChangesButEndsTheRunWithExitCode1() throws Exception {
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Engineering\n");
        RunReport run;
        writeBackTable("ALTER TABLE " + WriteBackDatabase.TABLE + " RENAME TO roster_events_away"); // a broken database
        try {
            run = run();
        } finally {
            writeBackTable("ALTER TABLE hr_events.roster_events_away RENAME TO roster_events");
        }

        assertEquals(1, run.exitCode(), run.warnings().toString());
        assertEquals("attention", run.outcome());
        assertEquals(2, run.count(Count.CREATED), "the changes stand");
        assertEquals(0, run.count(Count.FAILED), "no person failed");
        assertNotNull(sign.user("ann@example.com"));
        assertTrue(deadLetters.list("csv-to-sign").isEmpty());
        assertEquals(2, given().get("/roster/runs/" + run.id() + "/audit").then().statusCode(200)
                .extract().jsonPath().getList("$").size(), "and audited");
        String where = WriteBackDatabase.jdbcUrl().replaceFirst("\\?.*", "");
        String warning = run.warnings().stream().filter(w -> w.startsWith("write-back to")).findFirst().orElseThrow();
        assertTrue(warning.contains("table " + WriteBackDatabase.TABLE + " of " + where), warning);
        assertTrue(warning.contains("exit code 1"), warning);
        assertTrue(run.warnings().stream().anyMatch(w -> w.startsWith("2 applied changes in all could not be written back")),
                run.warnings().toString());
        given().get("/roster/runs/" + run.id()).then().statusCode(200)
                .body("status", equalTo("attention")).body("exitCode", equalTo(1));
        JsonNode report = new ObjectMapper().readTree(Path.of("target/e2e/reports", "csv-to-sign-" + run.id() + ".json").toFile());
        assertEquals("attention", report.path("outcome").asText());
        assertEquals(2, report.path("writeBackFailures").asInt());
        assertTrue(report.path("warnings").toString().contains(WriteBackDatabase.TABLE));
        assertFalse(report.toString().contains(WriteBackDatabase.PASSWORD), "never the password");
        assertFalse(run.warnings().toString().contains("?user="), "nor the URL's properties");

        RunReport again = run(); // the table is back: nothing to change, nothing to write back
        assertEquals(0, again.exitCode(), again.warnings().toString());
    }

    private static void writeBackTable(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(WriteBackDatabase.jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aRecordWithBadBytesIsRejectedAloneAndTheRunRemovesNobody() throws Exception {
        sign.addUser("gone@example.com", "G", "One", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "100%"));
        byte[] head = (JobFiles.HEADER + people(50)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "Bad,\u00ff,bad@example.com,US,Sales\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] tail = people(5).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
        csv.write(head);
        csv.write(bad);
        csv.write(tail);
        java.nio.file.Files.write(JobFiles.CSV.resolve("people.csv"), csv.toByteArray());

        RunReport run = run();

        assertEquals(1, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(50, run.count(Count.CREATED), "the records around the bad one sync (the tail repeats p0..p4)");
        assertEquals("ACTIVE", sign.user("gone@example.com").status, "a run with a rejected record removes no one");
        assertTrue(run.removalsWithheld().orElseThrow().contains("1 source record was rejected"));
        assertNull(sign.user("bad@example.com"));
        DeadLetter letter = deadLetters.list("csv-to-sign").get(0);
        assertTrue(letter.record().contains("(line 52)") && letter.reason().contains("not valid UTF-8"), letter.reason());
        given().get("/roster/runs/" + run.id()).then().statusCode(200).body("status", equalTo("attention"))
                .body("exitCode", equalTo(1));
    }

    /**
     * An admin's worst day, three runs long: the export comes back short (a shrunken file, or a header-only file then a
     * small one) and stays short. Every run withholds the removals, with the same warning and exit 1, whatever
     * sign_only_limit allows; once an admin accepts the new size, exactly the removals it implies happen.
     */
    @ParameterizedTest(name = "{0}, {1}, sign_only_limit {2}, accepted by {3}")
    @CsvSource({
            "shrunken, deactivate, 100%, api", "shrunken, reset, 100%, command", "shrunken, deactivate, 500, command",
            "shrunken, reset, 500, api",
            "header-only then small, deactivate, 100%, command", "header-only then small, reset, 500, api",
            "header-only then small, deactivate, 500, api", "header-only then small, reset, 100%, command"})
    void aShortExportRemovesNobodyRunAfterRunUntilAnAdminAcceptsItsSize(String sequence, String action, String limit,
                                                                         String acceptedBy) {
        JobFiles.job(JobFiles.rules(action, limit));
        JobFiles.csv(people(30));
        assertEquals(0, run().exitCode());
        int kept = sequence.equals("shrunken") ? 10 : 3;

        List<RunReport> shortRuns = new ArrayList<>();
        if (sequence.equals("shrunken")) {
            JobFiles.csv(people(kept));
            shortRuns.add(run());
            shortRuns.add(run());
        } else {
            JobFiles.csv("");
            RunReport headerOnly = run();
            assertEquals(2, headerOnly.exitCode(), "a header-only export is refused as a whole");
            assertTrue(headerOnly.error().contains("has a header line") && headerOnly.error().contains("but no records"),
                    headerOnly.error());
            assertEquals(0, headerOnly.count(Count.DEACTIVATED) + headerOnly.count(Count.RESET));
            JobFiles.csv(people(kept));
            shortRuns.add(run());
            shortRuns.add(run());
        }
        for (RunReport r : shortRuns) {
            assertEquals(1, r.exitCode(), r.summary(java.time.Instant.now()) + " " + r.warnings());
            assertEquals(0, r.count(Count.DEACTIVATED) + r.count(Count.RESET), "nobody removed: " + r.warnings());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("30 Sign-only users") || w.contains(
                    (30 - kept) + " Sign-only users")), r.warnings().toString());
        }
        RunReport last = shortRuns.get(shortRuns.size() - 1);
        assertTrue(last.warnings().stream().anyMatch(w -> w.contains("the source returned " + kept + " people, "
                + (30 - kept) + " fewer than the 30 of the last clean run")), last.warnings().toString());
        assertUntouched(30);
        given().get("/roster/runs/" + last.id()).then().statusCode(200).body("status", equalTo("attention"));

        if (acceptedBy.equals("api")) {
            given().queryParam("people", kept).queryParam("by", "alice").post("/roster/jobs/csv-to-sign/accept-source-size")
                    .then().statusCode(200).body("accepted", equalTo(kept)).body("replaced.people", equalTo(30));
            given().get("/roster/jobs/csv-to-sign/removal-baseline").then().statusCode(200)
                    .body("baseline.people", equalTo(kept)).body("baseline.what", equalTo("the size alice accepted"));
        } else {
            assertEquals(0, sourceSizes.runMode(kept, List.of("csv-to-sign"), "bob", null));
        }
        RunReport accepted = run();
        assertEquals(0, accepted.exitCode(), accepted.warnings().toString());
        long removed = action.equals("deactivate") ? accepted.count(Count.DEACTIVATED) : accepted.count(Count.RESET);
        assertEquals(30 - kept, removed, "exactly the removals the accepted size implies");
        for (int i = 0; i < 30; i++) {
            SignSimulator.User u = sign.user("p" + i + "@example.com");
            boolean gone = i >= kept;
            if (action.equals("deactivate")) {
                assertEquals(gone ? "INACTIVE" : "ACTIVE", u.status, u.email);
            } else {
                assertEquals(gone ? "Default Group" : "Sales", sign.primaryGroupName(u.email), u.email);
            }
        }
        assertEquals(kept, state.query("read the acceptance", "SELECT people FROM roster_source_acceptance"
                + " WHERE job = 'csv-to-sign'", rs -> rs.getInt(1)).get(0), "the acceptance is kept");
    }

    /** A file cut short is a failed read: no run removes anyone, not even after a size is accepted. */
    @ParameterizedTest(name = "{0}, sign_only_limit {1}")
    @CsvSource({"deactivate, 100%", "reset, 500", "deactivate, 500", "reset, 100%"})
    void aTruncatedExportIsAFailedReadRunAfterRun(String action, String limit) {
        JobFiles.job(JobFiles.rules(action, limit));
        JobFiles.csv(people(30));
        assertEquals(0, run().exitCode());
        String whole = JobFiles.HEADER + people(30);
        String cut = whole.substring(0, (int) (whole.length() * 0.4));
        JobFiles.rawCsv(cut);

        for (int i = 0; i < 2; i++) {
            RunReport r = run();
            assertEquals(2, r.exitCode(), r.summary(java.time.Instant.now()));
            assertTrue(r.error().contains("ends in the middle of a record"), r.error());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, sourceSizes.runMode(5, List.of("csv-to-sign"), "carol", new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("[{\"job\":\"csv-to-sign\",\"people\":5,"
                + "\"by\":\"carol\",\"replaced\":{\"people\":"), out.toString(java.nio.charset.StandardCharsets.UTF_8));
        RunReport after = run();
        assertEquals(2, after.exitCode(), "an accepted size does not make a cut file whole");
        assertUntouched(30);
    }

    @Test
    void acceptingASizeNamesTheJobAndACount() {
        assertEquals(2, sourceSizes.runMode(10, List.of(), "dave", null), "no job named");
        assertEquals(2, sourceSizes.runMode(10, List.of("no-such-job"), "dave", null));
        given().post("/roster/jobs/csv-to-sign/accept-source-size").then().statusCode(400);
        given().queryParam("people", -1).post("/roster/jobs/csv-to-sign/accept-source-size").then().statusCode(400);
        given().queryParam("people", 3).post("/roster/jobs/nope/accept-source-size").then().statusCode(404);
        io.restassured.RestAssured.given().queryParam("people", 3).post("/roster/jobs/csv-to-sign/accept-source-size")
                .then().statusCode(401);
        assertEquals(0L, (long) state.query("count acceptances", "SELECT COUNT(*) FROM roster_source_acceptance",
                rs -> rs.getLong(1)).get(0), "no refused request was recorded");
    }

    private void assertUntouched(int n) {
        for (int i = 0; i < n; i++) {
            SignSimulator.User u = sign.user("p" + i + "@example.com");
            assertEquals("ACTIVE", u.status, u.email);
            assertEquals("Sales", sign.primaryGroupName(u.email), u.email);
        }
    }
}
