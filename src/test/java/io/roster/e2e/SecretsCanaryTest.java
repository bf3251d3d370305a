package io.roster.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.roster.observe.JobReachability;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.sim.Signature365Simulator;
import io.roster.sim.Signature365Simulators;
import io.roster.source.ldap.TestDirectories;
import io.roster.source.ldap.TestDirectory;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetters;
import io.roster.state.RunHistory;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every credential Roster holds is a canary here: the LDAP bind password, both Sign integration keys, the Signature
 * 365 secret, a database password and the API token. Runs go through the paths where secrets leak (a refused bind,
 * an unreachable database, a revoked key, a refused user, a wrong API token), and then no canary may be found in the
 * log, /q/metrics, /q/health, the JSON reports, the dead-letter store, the run history or the audit log.
 */
@QuarkusTest
@QuarkusTestResource(value = Signature365Simulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestDirectories.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class SecretsCanaryTest {

    static final List<String> CANARIES = List.of(TestDirectories.PASSWORD, SignSimulators.PRIMARY_KEY,
            SignSimulators.ORG2_KEY, Signature365Simulators.SECRET, "canary-down-password-5521", Api.TOKEN, StatePostgres.PASSWORD);
    static final Path REPORTS = Path.of("target/e2e/reports");

    @SignSimulators.Primary
    SignSimulator sign;

    Signature365Simulator s365;

    @TestDirectories.Directory
    TestDirectory directory;

    @Inject
    JobRunner runner;

    @Inject
    JobReachability reachability;

    @Inject
    DeadLetters deadLetters;

    @Inject
    RunHistory history;

    @Inject
    ChangeJournal journal;

    @Inject
    StateStore state;

    @AfterEach
    void restore() throws IOException {
        sign.reset();
        s365.reset();
        JobFiles.job(JobFiles.rules("exclude", "100"));
        Files.writeString(LdapToSignature365Test.JOB_FILE, LdapToSignature365Test.shipped());
        Files.writeString(JobFiles.JOBS.resolve("hr-to-signature365.yaml"), SqlToSignature365Test.sample());
        LdapToSignTest.leaveAValidJob();
    }

    @Test
    void noCredentialAppearsInLogsMetricsHealthReportsDeadLettersOrHistory() throws Exception {
        StringBuilder log = new StringBuilder();
        Handler capture = capture(log);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            directory.reset();
            directory.person("ada", "Ada", "Lovelace", "ada@example.com", "GB");
            directory.person("grace", "Grace", "Hopper", "grace@example.com", "US");

            // A refused bind.
            Files.writeString(LdapToSignature365Test.JOB_FILE,
                    LdapToSignature365Test.shipped().replace("directory: corp", "directory: wrong-password"));
            runner.run(LdapToSignature365Test.JOB, false);
            // A Signature 365 user refused: a dead letter.
            LdapToSignature365Test.job(false, "report");
            s365.refuse("grace@example.com");
            runner.run(LdapToSignature365Test.JOB, false);
            // An unreachable database.
            Files.writeString(JobFiles.JOBS.resolve("hr-to-signature365.yaml"),
                    SqlToSignature365Test.sample().replace("datasource: hr", "datasource: down"));
            runner.run("hr-to-signature365", false);
            // A revoked Sign key, while reading and in the health check.
            sign.revokeKey(true);
            LdapToSignTest.write(LdapToSignTest.job("test", "member_of", "expand", false, "exclude"));
            runner.run(LdapToSignTest.JOB, false);
            reachability.checkAll();
            // A wrong API token.
            RestAssured.given().header("Authorization", "Bearer " + TestDirectories.PASSWORD).get("/roster/runs")
                    .then().statusCode(401);
        } finally {
            root.removeHandler(capture);
        }

        assertTrue(log.toString().contains("invalid credentials"), "the failures were logged: " + log);
        assertTrue(deadLetters.list(LdapToSignature365Test.JOB).size() > 0, "a dead letter was stored");
        assertNoCanaryIn(log.toString());
    }

    /**
     * A gateway in front of Sign and of Signature 365 echoes the Authorization header in every error body: in a 400 for
     * one person, in a 401 for the whole run. The echo reaches Roster, and no key or secret reaches anything it keeps
     * or shows: log, reports, every byte of the state store, the API, health, metrics, dead letters.
     */
    @Test
    void credentialsEchoedByATargetAreMaskedEverywhere() throws Exception {
        StringBuilder log = new StringBuilder();
        Handler capture = capture(log);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> runIds = new java.util.ArrayList<>();
        try {
            directory.reset();
            directory.person("ada", "Ada", "Lovelace", "ada@example.com", "GB");
            directory.person("grace", "Grace", "Hopper", "grace@example.com", "US");
            sign.echoCredentials(true);
            s365.echoCredentials(true);

            // Sign: one create refused (400, a dead letter), then the key refused (401, the run fails).
            JobFiles.job(JobFiles.rules("exclude", "100"));
            JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Sales\n");
            sign.rejectCreate("ann@example.com");
            runIds.add(runner.run("csv-to-sign", false).id());
            sign.revokeKey(true);
            runIds.add(runner.run("csv-to-sign", false).id());
            // Signature 365: one user refused (a dead letter), then the secret refused (the run fails).
            LdapToSignature365Test.job(false, "report");
            s365.refuse("grace@example.com");
            runIds.add(runner.run(LdapToSignature365Test.JOB, false).id());
            directory.modify("uid=ada," + TestDirectory.PEOPLE, "sn", "Byron");
            s365.refuseSecret(true);
            runIds.add(runner.run(LdapToSignature365Test.JOB, false).id());
            reachability.checkAll();
        } finally {
            root.removeHandler(capture);
        }

        String history = json().writeValueAsString(this.history.list(null, 1000));
        assertTrue(history.contains("Authorization: Bearer ****"), "the echo reached Roster and was masked: " + history);
        String letters = json().writeValueAsString(deadLetters.list(null, null));
        assertTrue(letters.contains("ann@example.com") && letters.contains("grace@example.com"), letters);
        assertTrue(letters.contains("Authorization: Bearer ****"), letters);
        StringBuilder api = new StringBuilder();
        api.append(Api.given().get("/roster/runs").asString());
        api.append(Api.given().get("/roster/dead-letters").asString());
        for (String id : runIds) {
            api.append(Api.given().get("/roster/runs/" + id).asString());
        }
        api.append(Api.given().get("/roster/jobs/csv-to-sign/readiness").asString());
        assertNoCanaryIn(log.toString() + "\n[api] " + api);
    }

    private static Handler capture(StringBuilder log) {
        return new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                log.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(' ').append(r.getMessage());
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        log.append(' ').append(p);
                    }
                }
                for (Throwable t = r.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                    log.append(' ').append(t);
                }
                log.append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule());
    }

    /** Every place Roster keeps or shows text: no canary in any. */
    private void assertNoCanaryIn(String logAndMore) throws Exception {
        StringBuilder reports = new StringBuilder();
        if (Files.isDirectory(REPORTS)) {
            try (Stream<Path> files = Files.list(REPORTS)) {
                for (Path f : files.toList()) {
                    reports.append(Files.readString(f));
                }
            }
        }
        assertTrue(reports.length() > 0, "reports were written");
        StringBuilder audit = new StringBuilder();
        history.list(null, 1000).forEach(r -> audit.append(journal.audit(r.runId())));
        Map<String, String> places = new LinkedHashMap<>();
        places.put("the log", logAndMore);
        places.put("/q/metrics", Metrics.scrape());
        places.put("/q/health", RestAssured.given().get("/q/health").asString());
        places.put("the reports", reports.toString());
        places.put("the dead-letter store", json().writeValueAsString(deadLetters.list(null, null)));
        places.put("the run history", json().writeValueAsString(history.list(null, 1000)));
        places.put("the audit log", audit.toString());
        places.put("the state store's tables", everyStateRow());
        places.forEach((where, text) -> CANARIES.forEach(canary ->
                assertFalse(text.contains(canary), "a credential (" + canary.substring(0, 10) + "…) in " + where)));
    }

    /** Every row of every table of the state store, as text. */
    private String everyStateRow() {
        StringBuilder all = new StringBuilder();
        List<String> tables = state.query("list the state tables", "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema()", rs -> rs.getString(1));
        assertTrue(tables.contains("roster_run"), tables.toString());
        for (String t : tables) {
            state.stream("read " + t, "SELECT * FROM " + t, rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    all.append(rs.getString(i)).append('|');
                }
                all.append('\n');
            });
        }
        return all.toString();
    }
}
