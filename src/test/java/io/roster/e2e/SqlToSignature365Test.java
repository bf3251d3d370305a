package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.commands.HeldCommands;
import io.roster.commands.PlanCommands;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.Signature365Simulator;
import io.roster.sim.Signature365Simulators;
import io.roster.source.sql.HrDatabase;
import io.roster.source.sql.SqlSources;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.state.HeldAction;
import io.roster.state.Plans;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.state.StoredValues;
import io.roster.steps.Runs;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.roster.e2e.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL quick start's job end to end: the sample HR table in a real PostgreSQL, read through a streaming
 * read-only cursor, mapped to standard and custom tokens, sent to a stateful Signature 365 simulator.
 */
@QuarkusTest
@QuarkusTestResource(value = Signature365Simulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class SqlToSignature365Test {

    static final String JOB = "hr-to-signature365";
    static final Path JOB_FILE = JobFiles.JOBS.resolve(JOB + ".yaml");

    Signature365Simulator s365;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    @Inject
    HeldCommands heldCommands;

    @Inject
    PlanCommands planCommands;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ChangeJournal journal;

    @Inject
    SqlSources sources;

    @Inject
    Runs runs;

    @BeforeEach
    void clean() throws IOException {
        s365.reset();
        StateTables.clear(state);
        state.update("clear source versions", "DELETE FROM roster_source_version");
        HrDatabase.reset();
        job(sample());
    }

    /** Every application the tests boot checks the job files at start: leave a valid one behind. */
    @org.junit.jupiter.api.AfterEach
    void restore() throws IOException {
        job(sample());
    }

    static String sample() throws IOException {
        return Files.readString(Path.of("config/jobs/" + JOB + ".yaml"));
    }

    static void job(String yaml) throws IOException {
        Files.createDirectories(JOB_FILE.getParent());
        Files.writeString(JOB_FILE, yaml);
    }

    /** {@code n} more active staff, filler0@example.com on (employee ids from 5000). */
    static void fillers(int n) {
        HrDatabase.exec("INSERT INTO staff (employee_id, work_email, first_name, last_name, active, updated_at)"
                + " SELECT 5000 + i, 'filler' || i || '@example.com', 'Filler', 'No' || i, TRUE, TIMESTAMP '2026-11-07 09:00:00'"
                + " FROM generate_series(0, " + (n - 1) + ") AS i");
    }

    /** The shipped job, reading staff in employee order (so tests know which batch holds whom) at every cycle. */
    static void orderedEveryCycle() throws IOException {
        job(sample().replace("FROM staff WHERE active = TRUE", "FROM staff WHERE active = TRUE ORDER BY employee_id")
                .replaceAll("(?m)^  version_query:.*$", ""));
    }

    /** The changes the run's batch checkpoints recorded. */
    long checkpointed(RunReport run) {
        return state.query("read checkpoints", "SELECT COALESCE(SUM(actions), 0) FROM roster_checkpoint WHERE run_id = ?",
                rs -> rs.getLong(1), run.id()).get(0);
    }

    @Test
    void mapsStandardAndCustomTokensWithComputedAndDefaultValues() {
        RunReport run = runner.run(JOB);

        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(5, run.count(Count.CREATED));
        Map<String, String> ada = s365.user("ada.lovelace@example.com");
        assertEquals("Ada Lovelace", ada.get("DisplayName"), "computed from two columns");
        assertEquals("ENG-100", ada.get("CostCentre"), "custom token");
        assertEquals("Head of Engineering", ada.get("JobTitle"));
        assertEquals("Example Ltd", ada.get("Company"));
        assertEquals("Head Office", s365.user("katherine.johnson@example.com").get("Office"), "default for an empty column");
        assertEquals("Example GmbH", s365.user("linus.pending@example.com").get("Company"), "conditional value");
        assertNull(s365.user("margaret.hamilton@example.com"), "the query leaves out inactive staff");
        assertTrue(!ada.containsKey("salary") && !ada.containsKey("Salary"), "only mapped fields are sent");
    }

    @Test
    void unchangedPeopleAreNotSentAgainAndAChangeSendsOnlyThatPerson() throws IOException {
        job(sample().replaceAll("(?m)^  version_query:.*$", "")); // every cycle reads: the content hash decides
        RunReport first = runner.run(JOB);
        assertEquals(5, checkpointed(first), "the batch's checkpoint counts the people it sent");
        Map<String, Object> created = journal.audit(first.id()).stream()
                .filter(a -> a.get("person").equals("grace.hopper@example.com")).findFirst().orElseThrow();
        assertEquals(Map.of(), created.get("before"));
        assertEquals(s365.user("grace.hopper@example.com"), created.get("after"), "a create audits every value it sent");
        assertEquals(List.of(StoredValues.of(s365.user("grace.hopper@example.com"))), state.query("read the sync state",
                "SELECT written_values, content_hash FROM roster_person_state WHERE person_key = ?",
                rs -> new StoredValues(rs.getString(1), rs.getString(2)), "grace.hopper@example.com"));
        long requests = s365.requests();

        RunReport again = runner.run(JOB);
        assertEquals(5, again.count(Count.UNCHANGED));
        assertEquals(requests, s365.requests(), "nothing changed: no request at all");
        assertEquals(0L, state.query("count checkpoints", "SELECT COUNT(*) FROM roster_checkpoint WHERE run_id = ?",
                rs -> rs.getLong(1), again.id()).get(0), "and no checkpoint: nothing to resume from");

        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer' WHERE employee_id = 1002");
        long received = s365.usersReceived();
        RunReport changed = runner.run(JOB);
        assertEquals(1, changed.count(Count.UPDATED));
        assertEquals(4, changed.count(Count.UNCHANGED));
        assertEquals(received + 1, s365.usersReceived(), "only the changed person was sent");
        assertEquals(1, checkpointed(changed));
        assertEquals("Chief Engineer", s365.user("grace.hopper@example.com").get("JobTitle"));
        List<Map<String, Object>> audit = journal.audit(changed.id());
        assertEquals(1, audit.size());
        assertEquals(Map.of("JobTitle", "Principal Engineer"), audit.get(0).get("before"));
        assertEquals(Map.of("JobTitle", "Chief Engineer"), audit.get(0).get("after"));
    }

    @Test
    void anUnchangedSourceVersionSkipsTheCycleWithoutReading() {
        runner.run(JOB);
        long requests = s365.requests();

        RunReport skipped = runner.run(JOB);
        assertEquals(0, skipped.exitCode());
        assertEquals(0, skipped.count(Count.PROCESSED), "the cycle stopped before reading");
        assertEquals(0, skipped.count(Count.UNCHANGED));
        assertTrue(skipped.entries().stream().anyMatch(e -> e.action().equals("skipped")));

        HrDatabase.exec("UPDATE staff SET department = 'R&D', updated_at = TIMESTAMP '2026-11-20 10:00:00' WHERE employee_id = 1003");
        RunReport moved = runner.run(JOB);
        assertEquals(5, moved.count(Count.PROCESSED));
        assertEquals(1, moved.count(Count.UPDATED));
        assertEquals(requests + 1, s365.requests());
    }

    @Test
    void aRejectedUserAndABadRowGoToDeadLettersWhileTheRestOfTheBatchSyncs() {
        s365.refuse("grace.hopper@example.com");
        HrDatabase.exec("INSERT INTO staff (employee_id, work_email, first_name, last_name, active, updated_at)"
                + " VALUES (2001, 'not-an-email', 'Bad', 'Row', TRUE, TIMESTAMP '2026-11-07 09:00:00')");

        RunReport run = runner.run(JOB);

        assertEquals(1, run.exitCode());
        assertEquals(4, run.count(Count.CREATED), "the rest of the batch counts as synced");
        assertEquals(2, run.count(Count.FAILED));
        List<DeadLetter> letters = deadLetters.list(JOB);
        assertEquals(2, letters.size());
        DeadLetter refused = letters.stream().filter(l -> l.step().equals("signature365")).findFirst().orElseThrow();
        assertEquals("grace.hopper@example.com", refused.key());
        assertTrue(refused.reason().contains("user is not licensed for Signature 365"), refused.reason());
        DeadLetter bad = letters.stream().filter(l -> l.step().equals("mapping")).findFirst().orElseThrow();
        assertTrue(bad.reason().contains("row 6") && bad.reason().contains("'email'") && bad.reason().contains("not-an-email"),
                bad.reason());

        s365.reset();
        runner.run(JOB); // the service takes Grace now; her letter is resolved
        assertEquals(1, deadLetters.list(JOB).size(), "only the bad row stays open");
        assertEquals(1, Metrics.value(Metrics.scrape(), "roster_dead_letters", "roster_job", JOB), "the open letters, as a gauge");
    }

    @Test
    void throttlingAndAnOversizedBatchAreHandledWithoutLosingAnyone() throws IOException {
        s365.maxBatch(2);
        s365.throttleEvery(2);
        String before = Metrics.scrape();
        long requestsBefore = s365.requests();

        RunReport run = runner.run(JOB);
        assertEquals(s365.requests() - requestsBefore, run.targetRequests(), "the run counts every request it made");

        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(5, s365.userCount());
        assertTrue(s365.throttled() > 0, "some requests were throttled and retried after Retry-After");
        assertEquals(5, s365.usersReceived(), "each user sent once: the 413 was answered before any user was taken");

        String after = Metrics.scrape();
        String requests = "roster_target_requests_total";
        assertEquals(s365.throttled(), Metrics.value(after, requests, "target", "signature365", "status", "429")
                - Metrics.value(before, requests, "target", "signature365", "status", "429"), "429s are visible");
        assertTrue(Metrics.value(after, requests, "target", "signature365", "status", "413")
                > Metrics.value(before, requests, "target", "signature365", "status", "413"));
        assertEquals(5, Metrics.value(after, "roster_people_total", "roster_job", JOB, "outcome", "changed")
                - Metrics.value(before, "roster_people_total", "roster_job", JOB, "outcome", "changed"));
        assertEquals(5, Metrics.value(after, "roster_actions_total", "roster_job", JOB, "type", "create")
                - Metrics.value(before, "roster_actions_total", "roster_job", JOB, "type", "create"));
        assertEquals(0, Metrics.value(after, "roster_last_run_exit_code", "roster_job", JOB));
        assertTrue(Metrics.value(after, "roster_last_success_timestamp_seconds", "roster_job", JOB)
                >= run.started().getEpochSecond());
        assertTrue(Metrics.value(after, "roster_run_duration_seconds_count", "roster_job", JOB, "outcome", "ok")
                > Metrics.value(before, "roster_run_duration_seconds_count", "roster_job", JOB, "outcome", "ok"));
        assertFalse(after.contains(Signature365Simulators.SECRET), "no secret in the metrics");
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("roster_[a-z_]+")
                .matcher(Files.readString(Path.of("k8s/grafana/roster-dashboard.json")));
        while (names.find()) {
            if (names.group().equals("roster_job")) {
                continue; // the label, not a metric
            }
            assertTrue(after.contains("\n" + names.group() + "{"), "the Grafana dashboard's " + names.group()
                    + " is a metric Roster serves");
        }
        // the alert rules: each expression's metrics are Roster's, by the label Roster gives them
        com.fasterxml.jackson.databind.JsonNode rules = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(Path.of("k8s/monitoring/prometheus-rules.yaml")
                .toFile());
        int alerts = 0;
        for (com.fasterxml.jackson.databind.JsonNode group : rules.path("spec").path("groups")) {
            for (com.fasterxml.jackson.databind.JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText();
                java.util.regex.Matcher used = java.util.regex.Pattern.compile("roster_[a-z_]+").matcher(expr);
                assertTrue(used.find(), rule.path("alert").asText() + " uses a Roster metric: " + expr);
                used.reset();
                while (used.find()) {
                    assertTrue(after.contains("\n" + used.group() + "{"), rule.path("alert").asText() + ": "
                            + used.group() + " is a metric Roster serves");
                }
                assertFalse(expr.matches(".*\\bjob\\b.*"), "no 'job' label, Prometheus' own: " + expr);
                alerts++;
            }
        }
        assertTrue(alerts >= 6, "job not successful, could not run, attention, dead letters, throttling, held: " + alerts);
        assertTrue(after.contains("\nroster_target_throttled_total{") && after.contains("\nroster_target_throttle_wait_seconds_total{"),
                "the throttling series per target");
        assertFalse(after.matches("(?s).*\\{job=.*"), "no metric of Roster's labels 'job', which Prometheus renames");
    }

    @Test
    void changesScatteredOverManyBatchesShareFullRequests() throws IOException {
        orderedEveryCycle();
        fillers(2995);
        RunReport first = runner.run(JOB);
        assertEquals(3000, first.count(Count.CREATED), first.summary(java.time.Instant.now()));
        assertEquals(6, first.targetRequests(), "3,000 people: six full requests");
        long received = s365.usersReceived();

        // one person in every 50: 60 changes, spread over all six source batches of 500
        HrDatabase.exec("UPDATE staff SET last_name = 'Changed' WHERE employee_id >= 5000 AND employee_id % 50 = 0");
        long requests = s365.requests();
        RunReport changed = runner.run(JOB);

        assertEquals(0, changed.exitCode(), changed.summary(java.time.Instant.now()));
        assertEquals(60, changed.count(Count.UPDATED));
        assertEquals(1, s365.requests() - requests, "the 60 changes went in one request, not one per source batch");
        assertEquals(received + 60, s365.usersReceived());
        assertEquals("Changed", s365.user("filler2950@example.com").get("LastName"));
        assertEquals(60, checkpointed(changed), "the request's checkpoint counts its people");
        List<Map<String, Object>> audit = journal.audit(changed.id());
        assertEquals(60, audit.size(), "each change audited");
        Map<String, Object> last = audit.stream().filter(a -> a.get("person").equals("filler2950@example.com"))
                .findFirst().orElseThrow();
        assertEquals(Map.of("LastName", "No2950", "DisplayName", "Filler No2950"), last.get("before"),
                "what was last sent, read when the request was made up");
        assertEquals(Map.of("LastName", "Changed", "DisplayName", "Filler Changed"), last.get("after"));
    }

    @Test
    void anEmailALaterBatchRepeatsKeepsItsFirstRowAndOtherValuesAreRefused() throws IOException {
        orderedEveryCycle();
        fillers(600);
        // batch 2 (the batch is 500 people): Ada again with another title, Grace again exactly as before
        HrDatabase.exec("INSERT INTO staff SELECT 9000, work_email, first_name, last_name, 'Impostor', department, office,"
                + " phone_work, mobile, country, cost_centre, salary, active, updated_at FROM staff WHERE employee_id = 1001");
        HrDatabase.exec("INSERT INTO staff SELECT 9001, work_email, first_name, last_name, job_title, department, office,"
                + " phone_work, mobile, country, cost_centre, salary, active, updated_at FROM staff WHERE employee_id = 1002");

        for (int round = 1; round <= 2; round++) {
            RunReport run = runner.run(JOB);
            assertEquals(round == 1 ? 605 : 0, run.count(Count.CREATED), run.summary(java.time.Instant.now()));
            assertEquals(round == 1 ? 0 : 605, run.count(Count.UNCHANGED), "round " + round);
            assertEquals("Head of Engineering", s365.user("ada.lovelace@example.com").get("JobTitle"), "the first row stands");
            List<DeadLetter> letters = deadLetters.list(JOB);
            assertEquals(List.of("ada.lovelace@example.com"), letters.stream().map(DeadLetter::key).toList(),
                    "round " + round + ": Grace's repeat has the same values, nothing to refuse");
            assertTrue(letters.get(0).reason().contains("same email with other values"), letters.get(0).reason());
        }
        assertEquals(605, s365.usersReceived(), "everyone sent once, the repeats never");
    }

    /** One run of the job with a trigger in the state store ({@code when}: its timing; {@code body}: PL/pgSQL). */
    private RunReport runWithAuditTrigger(String when, String body) {
        state.update("add a test trigger", "CREATE OR REPLACE FUNCTION roster_test_trigger() RETURNS trigger AS $$"
                + " BEGIN " + body + " END $$ LANGUAGE plpgsql");
        state.update("add a test trigger", "CREATE TRIGGER roster_test_trigger " + when
                + " EXECUTE FUNCTION roster_test_trigger()");
        try {
            return runner.run(JOB);
        } finally {
            state.update("drop the test trigger", "DROP TRIGGER roster_test_trigger ON roster_audit");
        }
    }

    /**
     * Roster stops (SIGTERM) while a run sends: the run ends at the next source batch, every request it sent is journaled
     * before it is recorded as interrupted, and the next run resumes it, sending each person once in all.
     */
    @Test
    void aRunStoppedMidwayJournalsWhatItSentAndTheNextRunSendsOnlyTheRest() throws Exception {
        orderedEveryCycle();
        fillers(2995);
        CompletableFuture<RunReport> first;
        state.update("add a test trigger", "CREATE OR REPLACE FUNCTION roster_test_trigger() RETURNS trigger AS $$"
                + " BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$ LANGUAGE plpgsql");
        state.update("add a test trigger", "CREATE TRIGGER roster_test_trigger AFTER INSERT ON roster_audit"
                + " FOR EACH STATEMENT EXECUTE FUNCTION roster_test_trigger()");
        try {
            first = CompletableFuture.supplyAsync(() -> runner.run(JOB));
            long deadline = System.currentTimeMillis() + 30_000;
            while (s365.requests() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(runs.stop(JOB, "Roster is stopping"), "the run was under way");
            RunReport stopped = first.get(60, TimeUnit.SECONDS);

            assertEquals("interrupted", stopped.outcome(), stopped.summary(java.time.Instant.now()));
            assertEquals(2, stopped.exitCode());
            int sent = s365.userCount();
            assertTrue(sent >= 1000 && sent < 3000, "stopped midway: " + sent);
            assertEquals(sent, journal.states(JOB, "signature365").size(), "every request sent was journaled");
            given().get("/roster/runs/" + stopped.id()).then().statusCode(200).body("status", equalTo("interrupted"))
                    .body("sourcePeople", equalTo(null));
        } finally {
            state.update("drop the test trigger", "DROP TRIGGER roster_test_trigger ON roster_audit");
        }

        RunReport next = runner.run(JOB);
        assertEquals(0, next.exitCode(), next.summary(java.time.Instant.now()));
        assertEquals(3000, s365.userCount());
        assertEquals(3000, s365.usersReceived(), "each person sent once in all");
        given().get("/roster/runs/" + next.id()).then().statusCode(200).body("resumedFrom", equalTo(first.get().id()));
    }

    @Test
    void aSlowStateStoreHoldsTheSendsBackAndTheRunWaitsForEveryBatchToBeRecorded() {
        fillers(2000);
        // each batch's journal takes 0.3 s while a send takes milliseconds: the journal queue fills up
        RunReport run = runWithAuditTrigger("AFTER INSERT ON roster_audit FOR EACH STATEMENT",
                "PERFORM pg_sleep(0.3); RETURN NULL;");

        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(2005, run.count(Count.CREATED));
        assertEquals(2005, journal.states(JOB, "signature365").size(), "every batch recorded before the run ended");
        assertEquals(2005, checkpointed(run));
    }

    /**
     * The state store takes neither the journal nor the dead letters: every request sent is still settled (each journal
     * attempt made, its failure logged) before the run ends, the run ends as one whose records failed rather than
     * stopping at the first, and the next run sends everyone again.
     */
    @Test
    void aStateStoreThatTakesNothingStillSettlesEveryRequestBeforeTheRunEnds() {
        fillers(2000);
        state.update("add a test trigger", "CREATE OR REPLACE FUNCTION roster_test_trigger() RETURNS trigger AS $$"
                + " BEGIN PERFORM pg_sleep(0.2); RAISE EXCEPTION 'state disk full (test)'; END $$ LANGUAGE plpgsql");
        state.update("add a test trigger", "CREATE TRIGGER roster_test_trigger BEFORE INSERT ON roster_audit"
                + " FOR EACH STATEMENT EXECUTE FUNCTION roster_test_trigger()");
        state.update("add a test trigger", "CREATE TRIGGER roster_test_letters BEFORE INSERT ON roster_dead_letter"
                + " FOR EACH STATEMENT EXECUTE FUNCTION roster_test_trigger()");
        RunReport failed;
        try {
            failed = runner.run(JOB);
        } finally {
            state.update("drop the test trigger", "DROP TRIGGER roster_test_trigger ON roster_audit");
            state.update("drop the test trigger", "DROP TRIGGER roster_test_letters ON roster_dead_letter");
        }

        assertEquals(1, failed.exitCode(), failed.summary(java.time.Instant.now()));
        assertEquals(null, failed.error(), "no request's failure ends the run early");
        assertEquals(2005, failed.count(Count.FAILED), "every person sent is counted as failed: none was recorded");
        assertTrue(journal.states(JOB, "signature365").isEmpty());
        assertEquals(2005, s365.userCount(), "Signature 365 took every request");

        RunReport next = runner.run(JOB);
        assertEquals(0, next.exitCode(), next.summary(java.time.Instant.now()));
        assertEquals(2005, journal.states(JOB, "signature365").size());
        assertEquals(2 * 2005, s365.usersReceived(), "sent again, as nothing of the first run was recorded");
    }

    @Test
    void aBatchTheStateStoreCannotRecordGoesToDeadLettersAndIsSentAgainNextRun() {
        // the journal runs behind the sends: a failure there must still reach the run and lose nobody
        RunReport failed = runWithAuditTrigger("BEFORE INSERT ON roster_audit FOR EACH ROW",
                "IF NEW.person_key = 'grace.hopper@example.com' THEN RAISE EXCEPTION 'audit disk full (test)'; END IF;"
                        + " RETURN NEW;");

        assertEquals(1, failed.exitCode(), failed.summary(java.time.Instant.now()));
        assertEquals(5, s365.userCount(), "Signature 365 took the batch");
        assertTrue(journal.states(JOB, "signature365").isEmpty(), "the batch's journal was rolled back as a whole");
        List<DeadLetter> letters = deadLetters.list(JOB);
        assertEquals(5, letters.size(), "every user of the batch is kept");
        assertTrue(letters.get(0).reason().contains("audit disk full"), letters.get(0).reason());
        assertFalse(letters.get(0).reason().contains("Lovelace"), "the reason, not the failed statement's values: "
                + letters.get(0).reason());

        HrDatabase.exec("UPDATE staff SET updated_at = TIMESTAMP '2026-11-21 10:00:00' WHERE employee_id = 1001");
        long received = s365.usersReceived();
        RunReport next = runner.run(JOB);
        assertEquals(0, next.exitCode(), next.summary(java.time.Instant.now()));
        assertEquals(received + 5, s365.usersReceived(), "unrecorded, so sent again");
        assertEquals(5, journal.states(JOB, "signature365").size());
        assertTrue(deadLetters.list(JOB).isEmpty(), "and their letters resolved");
    }

    @Test
    void peopleWhoLeaveTheSourceAreReportedOrCleared() throws IOException {
        runner.run(JOB);
        HrDatabase.exec("UPDATE staff SET active = FALSE, updated_at = TIMESTAMP '2026-11-21 08:00:00' WHERE employee_id = 1004");

        RunReport reported = runner.run(JOB);
        assertEquals(1, reported.count(Count.VANISHED));
        assertEquals("Analyst", s365.user("katherine.johnson@example.com").get("JobTitle"), "report only: left as sent");

        job(sample().replace("vanished: report", "vanished: clear"));
        HrDatabase.exec("UPDATE staff SET updated_at = TIMESTAMP '2026-11-21 09:00:00' WHERE employee_id = 1001");
        RunReport cleared = runner.run(JOB);
        assertEquals(1, cleared.count(Count.VANISHED));
        assertEquals("", s365.user("katherine.johnson@example.com").get("JobTitle"), "mapped fields emptied");
        assertTrue(journal.states(JOB, "signature365").keySet().stream().noneMatch(k -> k.startsWith("katherine")),
                "and forgotten");
        assertTrue(journal.audit(cleared.id()).stream().anyMatch(a -> a.get("action").equals("clear")));
    }

    @Test
    void clearingPastItsLimitWaitsForAnAdmin() throws IOException {
        fillers(20);
        job(sample().replace("vanished: report", "vanished: clear") + "\nholds:\n  clear: 2\n");
        runner.run(JOB);
        HrDatabase.exec("UPDATE staff SET active = FALSE, updated_at = TIMESTAMP '2026-11-21 08:00:00'"
                + " WHERE employee_id IN (5000, 5001, 5002)");

        RunReport held = runner.run(JOB);
        assertEquals(1, held.exitCode(), held.summary(java.time.Instant.now()));
        assertEquals(0, held.count(Count.VANISHED));
        assertEquals("Filler", s365.user("filler0@example.com").get("FirstName"), "held: not cleared");
        assertEquals(3, heldCommands.list(List.of(JOB), List.of()).size());

        heldCommands.decide(HeldAction.APPROVED, List.of(JOB), List.of(), true, "ann");
        RunReport cleared = runner.run(JOB);
        assertEquals(3, cleared.count(Count.VANISHED), cleared.entries().toString());
        assertEquals("", s365.user("filler0@example.com").get("FirstName"), "approved: cleared by the next run");
        assertTrue(heldCommands.list(List.of(JOB), List.of()).isEmpty());
    }

    /**
     * A Signature 365 job's plan lists each change with the fields before → after and why; applied, only what is still
     * exactly as planned is sent: a person whose source row changed again since is left out, one who arrived since waits
     * for the next run.
     */
    @Test
    void aPlanShowsEachChangeWithWhyAndApplyingItSendsOnlyWhatIsStillAsPlanned() throws IOException {
        job(sample().replaceAll("(?m)^  version_query:.*$", "").replace("vanished: report", "vanished: clear"));
        runner.run(JOB);
        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer' WHERE employee_id = 1002");
        HrDatabase.exec("UPDATE staff SET job_title = 'Lead Analyst' WHERE employee_id = 1004");
        HrDatabase.exec("UPDATE staff SET active = FALSE WHERE employee_id = 1001");
        fillers(1);
        long requests = s365.requests();

        Plans.Plan plan = planCommands.plan(JOB, "test").plan().orElseThrow();
        assertEquals(requests, s365.requests(), "planning sends nothing");
        Plans.Plan again = planCommands.plan(JOB, "test").plan().orElseThrow();
        assertEquals(plan.changes().stream().map(Plans.Planned::fingerprint).sorted().toList(),
                again.changes().stream().map(Plans.Planned::fingerprint).sorted().toList(), "the same inputs, the same plan");
        assertEquals(Map.of("update", 2L, "create", 1L, "clear", 1L), plan.changes().stream()
                .collect(Collectors.groupingBy(Plans.Planned::action, Collectors.counting())), plan.changes().toString());
        Plans.Planned grace = planCommands.get(plan.id(), "Grace.Hopper@example.com").orElseThrow().changes().get(0);
        assertEquals("JobTitle: 'Principal Engineer' → 'Chief Engineer'", grace.detail());
        assertTrue(grace.why().startsWith("source: ") && grace.why().contains("Roster last sent them")
                && grace.why().contains("JobTitle=Principal Engineer"), grace.why());
        Plans.Planned gone = plan.changes().stream().filter(c -> c.action().equals("clear")).findFirst().orElseThrow();
        assertTrue(gone.why().startsWith("left the source (signature365.vanished: clear)"), gone.why());

        // after planning, katherine's title changes again and someone new arrives
        HrDatabase.exec("UPDATE staff SET job_title = 'Senior Analyst' WHERE employee_id = 1004");
        HrDatabase.exec("INSERT INTO staff (employee_id, work_email, first_name, last_name, active, updated_at)"
                + " VALUES (6000, 'late@example.com', 'Late', 'Comer', TRUE, TIMESTAMP '2026-11-07 09:00:00')");
        RunReport applied = planCommands.apply(plan.id(), "test");

        assertEquals(0, applied.exitCode(), applied.summary(java.time.Instant.now()));
        assertEquals("Chief Engineer", s365.user("grace.hopper@example.com").get("JobTitle"));
        assertEquals("Filler", s365.user("filler0@example.com").get("FirstName"));
        assertEquals("", s365.user(gone.key()).get("FirstName"), "the planned clearing was sent");
        assertEquals("Analyst", s365.user("katherine.johnson@example.com").get("JobTitle"),
                "changed since the plan: left out");
        assertNull(s365.user("late@example.com"), "not in the plan: not sent");
        assertTrue(applied.entries().stream().anyMatch(e -> e.email().equals("katherine.johnson@example.com")
                && e.detail().contains("left out")), applied.entries().toString());
        assertEquals(2, planCommands.apply(plan.id(), "test").exitCode(), "a plan is applied once");

        RunReport next = runner.run(JOB);
        assertEquals("Senior Analyst", s365.user("katherine.johnson@example.com").get("JobTitle"),
                "the next run syncs what the plan left out");
        assertEquals(2, next.count(Count.UPDATED) + next.count(Count.CREATED), next.entries().toString());
    }

    @Test
    void undoingARunSendsBackWhatEachPersonShowedBefore() {
        runner.run(JOB);
        Map<String, String> grace = s365.user("grace.hopper@example.com");
        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer', updated_at = TIMESTAMP '2026-11-21 08:00:00'"
                + " WHERE employee_id = 1002");
        fillers(1);
        RunReport changed = runner.run(JOB);
        assertEquals(1, changed.count(Count.UPDATED));
        assertEquals(1, changed.count(Count.CREATED));

        RunReport dry = runner.undo(changed.id(), true, "test");
        assertEquals("Chief Engineer", s365.user("grace.hopper@example.com").get("JobTitle"), "a dry run sends nothing");
        assertEquals(1, dry.count(Count.UPDATED));
        assertEquals(1, dry.count(Count.VANISHED), "the person first sent would be cleared");

        RunReport undo = runner.undo(changed.id(), false, "test");

        assertEquals(0, undo.exitCode(), undo.summary(java.time.Instant.now()));
        assertEquals(grace, s365.user("grace.hopper@example.com"), "what grace showed before, exactly");
        assertEquals("", s365.user("filler0@example.com").get("FirstName"), "first sent by the undone run: cleared");
        assertTrue(journal.states(JOB, "signature365").keySet().stream().noneMatch(k -> k.startsWith("filler0")),
                "and forgotten");
        assertEquals(2, journal.audit(undo.id()).size(), "the undo has its own audit");

        RunReport next = runner.run(JOB);
        assertEquals("Chief Engineer", s365.user("grace.hopper@example.com").get("JobTitle"),
                "the journal knows what the undo sent: the next run sends the source's value again");
        assertEquals(2, next.count(Count.UPDATED) + next.count(Count.CREATED), next.summary(java.time.Instant.now()));
    }

    @Test
    void anEmptySourceClearsNobody() throws IOException {
        runner.run(JOB);
        job(sample().replace("vanished: report", "vanished: clear"));
        HrDatabase.exec("UPDATE staff SET active = FALSE, updated_at = TIMESTAMP '2026-11-21 08:00:00'");

        RunReport run = runner.run(JOB);

        assertEquals(1, run.exitCode(), "held back: attention");
        assertEquals(0, run.count(Count.VANISHED));
        assertEquals("Analyst", s365.user("katherine.johnson@example.com").get("JobTitle"));
    }

    @Test
    void aMappingToAnUndeclaredTokenStopsTheRunNamingTheToken() throws IOException {
        job(sample().replace("CostCentre: \"{cost_centre}\"", "Nickname: \"{first_name}\""));

        RunReport run = runner.run(JOB);

        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("'Nickname'") && run.error().contains("roster.signature365.custom-fields"), run.error());
        assertEquals(0, s365.requests());
    }

    @Test
    void aWriteIsRefusedBeforeItIsSentAndByTheReadOnlyTransaction() throws IOException {
        job(sample().replaceFirst("(?s)query: >.*?(?=\n  # Optional)", "query: DELETE FROM staff"));
        RunReport delete = runner.run(JOB);
        assertEquals(2, delete.exitCode());
        assertTrue(delete.error().contains("only a SELECT is accepted"), delete.error());

        HrDatabase.exec("CREATE OR REPLACE FUNCTION sneaky() RETURNS integer AS $$ INSERT INTO staff (employee_id, active,"
                + " updated_at) VALUES (9999, TRUE, now()) RETURNING 1 $$ LANGUAGE sql");
        job(sample().replaceFirst("(?s)query: >.*?(?=\n  # Optional)", "query: SELECT sneaky() AS work_email, 'x' AS first_name"));
        RunReport sneaky = runner.run(JOB);
        assertEquals(2, sneaky.exitCode());
        assertTrue(sneaky.error().contains("read-only transaction"), sneaky.error());
        assertEquals(0, HrDatabase.count("SELECT count(*) FROM staff WHERE employee_id = 9999"), "nothing was written");
    }

    /**
     * An H2 source runs inside Roster: a SELECT that calls CSVWRITE would write a file with Roster's own rights, and
     * H2 takes no notice of the read-only flag. The query is refused before it is sent, naming the function.
     */
    @Test
    void anH2SourcesSelectThatWouldWriteAFileIsRefusedAndNoFileIsWritten() throws Exception {
        Path dir = Files.createTempDirectory("roster-csvwrite");
        Path file = dir.resolve("written.csv");
        try {
            job(sample().replace("datasource: hr", "datasource: " + Signature365Simulators.H2_SOURCE)
                    .replace("SELECT work_email,", "SELECT CSVWRITE('" + file + "', 'SELECT 1') AS w, work_email,"));

            RunReport run = runner.run(JOB);

            assertEquals(2, run.exitCode());
            assertTrue(run.error().contains("sql.query: the query calls CSVWRITE in the select list, which H2 runs inside"
                    + " Roster with file and network access (it writes a file): only ordinary SQL functions are accepted"), run.error());
            assertFalse(Files.exists(file), "the query was never sent");
            assertEquals(0, s365.requests());

            // What the check stands in front of: the very connection Roster reads with writes the file when asked.
            try (Connection c = sources.readOnly(Signature365Simulators.H2_SOURCE); Statement st = c.createStatement()) {
                st.executeQuery("SELECT CSVWRITE('" + file + "', 'SELECT 1')").close();
                c.rollback();
            }
            assertTrue(Files.exists(file), "H2 writes the file in a read-only transaction");
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    @Test
    void theConnectionCheckTellsItsThreeOutcomesApart() throws IOException {
        job(sample().replace("SELECT work_email", "SELECT salary, work_email"));
        given().get("/roster/jobs/" + JOB + "/check").then().statusCode(200)
                .body("outcome", equalTo("OK"))
                .body("columns", hasItem("work_email"))
                .body("feeds.work_email", hasItem("email"))
                .body("feeds.first_name", hasItem("DisplayName"))
                .body("samples[0].work_email", equalTo("ada.lovelace@example.com"))
                .body("samples[0]", not(org.hamcrest.Matchers.hasKey("salary")))
                .body("preview[0].email", equalTo("ada.lovelace@example.com"))
                .body("preview[0]", org.hamcrest.Matchers.hasKey("DisplayName"))
                .body("problems.size()", equalTo(0));

        job(sample().replace("email: \"{work_email}\"", "email: \"{mail}\""));
        given().get("/roster/jobs/" + JOB + "/check").then().statusCode(200)
                .body("outcome", equalTo("OK"))
                .body("problems[0]", containsString("nothing maps to email"));

        job(sample().replace("FROM staff WHERE", "FROM stafff WHERE"));
        given().get("/roster/jobs/" + JOB + "/check").then().statusCode(200)
                .body("outcome", equalTo("QUERY_INVALID"))
                .body("message", containsString("relation \"stafff\" does not exist"));

        job(sample().replace("datasource: hr", "datasource: down"));
        given().get("/roster/jobs/" + JOB + "/check").then().statusCode(200)
                .body("outcome", equalTo("CANNOT_CONNECT"))
                .body("message", containsString("could not connect to SQL source down"))
                .body("message", not(containsString("canary-down-password-5521")));
    }

    @Test
    void discoveryListsTablesAndColumns() {
        given().get("/roster/sources/hr/tables").then().statusCode(200)
                .body("find { it.name == 'staff' }.columns.name", hasItem("work_email"))
                .body("find { it.name == 'staff' }.columns.name", hasItem("cost_centre"));
    }

    @Test
    void aTableAndColumnsBuildTheQueryForAdminsWhoDoNotWriteSql() throws IOException {
        job(sample().replaceFirst("(?s)query: >.*?(?=\n  # Optional)", "table: staff"));

        RunReport run = runner.run(JOB);

        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(6, run.count(Count.CREATED), "the whole table: inactive staff too, as no filter was given");
    }

    @Test
    void aGrownStateTableHasItsLookupColumnsAnalyzedFromTenThousandRowsOn() {
        // a table of its own, with autovacuum off, so only Roster's ANALYZE can have made its statistics
        state.update("make a scratch table", "DROP TABLE IF EXISTS grew_scratch");
        state.update("make a scratch table", "CREATE TABLE grew_scratch (k VARCHAR(20), v VARCHAR(200))"
                + " WITH (autovacuum_enabled = false)");
        state.update("fill it", "INSERT INTO grew_scratch SELECT 'k' || i, repeat('v', 100) FROM generate_series(1, 2000) i");
        String analyzed = "SELECT attname FROM pg_stats WHERE tablename = 'grew_scratch' ORDER BY attname";

        state.grew("grew_scratch", "k", 9_999);
        state.awaitStatistics();
        assertEquals(List.of(), state.query("read statistics", analyzed, rs -> rs.getString(1)), "not yet 10,000 rows");

        state.grew("grew_scratch", "k", 1);
        state.awaitStatistics(); // refreshed on a thread of its own: the writer does not wait
        assertEquals(List.of("k"), state.query("read statistics", analyzed, rs -> rs.getString(1)),
                "the lookup column is analyzed, the value column is not");
        state.update("drop the scratch table", "DROP TABLE grew_scratch");

        state.grew("grew_scratch", "k", 10_000); // the table is gone: the refresh fails, the write that grew it does not
        state.awaitStatistics();
    }
}
