package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.observe.JobReachability;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.sim.Signature365Simulators;
import io.roster.source.ldap.TestDirectories;
import io.roster.state.StatePostgres;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health as a Kubernetes probe sees it: readiness answers whether each job's source and target are configured and
 * reachable, naming which part is wrong (the precise problem is behind the API's token); a job whose last run failed
 * shows in /q/health without its reason, while liveness and readiness stay as they were. Real parts throughout: PostgreSQL, an LDAP server, the Sign and Signature 365 simulators.
 */
@QuarkusTest
@QuarkusTestResource(value = Signature365Simulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestDirectories.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class HealthTest {

    static final String READY = "checks.find { it.name == 'roster jobs can reach their source and target' }";
    static final String LAST_RUNS = "checks.find { it.name == \"roster jobs' last runs\" }";

    @SignSimulators.Primary
    SignSimulator sign;

    @Inject
    JobReachability reachability;

    @Inject
    JobRunner runner;

    @BeforeEach
    void everyJobCanRun() throws IOException {
        sign.reset();
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        JobFiles.job(JobFiles.rules("exclude", "100"));
        Files.writeString(JobFiles.JOBS.resolve("hr-to-signature365.yaml"), SqlToSignature365Test.sample());
        Files.writeString(LdapToSignature365Test.JOB_FILE, LdapToSignature365Test.shipped());
        LdapToSignTest.leaveAValidJob();
    }

    @AfterEach
    void restore() throws IOException {
        everyJobCanRun();
    }

    @Test
    void readyWhenEveryJobsSourceAndTargetAnswer() {
        reachability.checkAll();
        given().get("/q/health/group/jobs").then().statusCode(200)
                .body(READY + ".status", equalTo("UP"))
                .body(READY + ".data.csv-to-sign", equalTo("ok"))
                .body(READY + ".data.hr-to-signature365", equalTo("ok"))
                .body(READY + ".data.ldap-to-sign", equalTo("ok"))
                .body(READY + ".data.ldap-to-signature365", equalTo("ok"));
    }

    /** Adobe answers a fourth identical GET in a minute with 429 unless it carries the ETag it last sent. */
    @Test
    void checksEveryFewSecondsStayUnderSignsCapOnIdenticalGetsAndLeaveRunsUnthrottled() {
        for (int i = 0; i < 10; i++) {
            reachability.checkAll();
        }
        given().get("/q/health/group/jobs").then().statusCode(200).body(READY + ".data.csv-to-sign", equalTo("ok"));
        assertEquals(0, sign.throttled(), "no check was refused");
        assertTrue(sign.notModified() > 0, "checks after the first were answered 304");

        RunReport run = runner.run("csv-to-sign", false);
        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(0, sign.throttled(), "nor a request of the run after them");
    }

    @Test
    void notReadyNamesTheJobAndWhatIsWrongWithoutSecrets() throws IOException {
        Files.writeString(LdapToSignature365Test.JOB_FILE,
                LdapToSignature365Test.shipped().replace("directory: corp", "directory: wrong-password"));
        JobFiles.noCsv();
        sign.revokeKey(true);
        reachability.checkAll();

        String body = given().get("/q/health/group/jobs").then().statusCode(503)
                .body(READY + ".status", equalTo("DOWN"))
                .body(READY + ".data.ldap-to-signature365",
                        equalTo("not ready: source — see GET /roster/jobs/ldap-to-signature365/readiness"))
                .body(READY + ".data.csv-to-sign", equalTo("not ready: source, target — see GET /roster/jobs/csv-to-sign/readiness"))
                .body(READY + ".data.ldap-to-sign", equalTo("not ready: target — see GET /roster/jobs/ldap-to-sign/readiness"))
                .body(READY + ".data.hr-to-signature365", equalTo("ok"))
                .extract().asString();
        assertEquals(-1, body.indexOf(TestDirectories.PASSWORD), "the bind password is not in health");
        assertEquals(-1, body.indexOf(SignSimulators.PRIMARY_KEY), "the integration key is not in health");
        assertEquals(-1, body.indexOf("cn=roster"), "nor the bind DN, a login");
        given().get("/q/health/live").then().statusCode(200);
        // a target every replica cannot reach does not take them all out of their Service (the console, the API)
        given().get("/q/health/ready").then().statusCode(200);
        String metrics = Metrics.scrape();
        assertEquals(0, Metrics.value(metrics, "roster_job_reachable", "roster_job", "csv-to-sign"));
        assertEquals(1, Metrics.value(metrics, "roster_job_reachable", "roster_job", "hr-to-signature365"));

        // the precise problems, behind the API's token
        Api.given().get("/roster/jobs/ldap-to-signature365/readiness").then().statusCode(200)
                .body("problems[0]", allOf(containsString("directory wrong-password"), containsString("invalid credentials"),
                        not(containsString(TestDirectories.PASSWORD))));
        Api.given().get("/roster/jobs/csv-to-sign/readiness").then().statusCode(200)
                .body("problems[0]", allOf(containsString("CSV file"), containsString("people.csv")));
        Api.given().get("/roster/jobs/ldap-to-sign/readiness").then().statusCode(200)
                .body("problems[0]", allOf(containsString("Sign account primary"), containsString("401"),
                        not(containsString(SignSimulators.PRIMARY_KEY))));
        given().get("/roster/jobs/csv-to-sign/readiness").then().statusCode(401);
    }

    @Test
    void aFailedRunShowsInHealthWithoutTakingThePodDown() throws IOException {
        Files.writeString(LdapToSignature365Test.JOB_FILE,
                LdapToSignature365Test.shipped().replace("directory: corp", "directory: wrong-password"));
        RunReport failed = runner.run(LdapToSignature365Test.JOB, false);
        assertEquals(2, failed.exitCode());
        reachability.checkAll();
        Files.writeString(LdapToSignature365Test.JOB_FILE, LdapToSignature365Test.shipped());
        reachability.checkAll(); // the directory is fixed; the failed run is still the job's last

        given().get("/q/health").then().statusCode(503)
                .body(LAST_RUNS + ".status", equalTo("DOWN"))
                .body(LAST_RUNS + ".data.ldap-to-signature365", equalTo("not-run: the last run could not run (run "
                        + failed.id() + ") — see GET /roster/runs/" + failed.id()));
        Api.given().get("/roster/runs/" + failed.id()).then().statusCode(200)
                .body("error", allOf(containsString("invalid credentials"), not(containsString(TestDirectories.PASSWORD))));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);

        assertEquals(0, runner.run(LdapToSignature365Test.JOB, true).exitCode());
        given().get("/q/health/well").then().statusCode(200);
    }

    @Test
    void openHealthNamesNoPersonOfARunThatNeedsAttention() {
        sign.rejectCreate("ann@example.com");
        RunReport run = runner.run("csv-to-sign", false);
        assertEquals(1, run.exitCode());
        assertTrue(run.entries().stream().anyMatch(e -> "ann@example.com".equals(e.email())), run.entries().toString());

        String body = given().get("/q/health").then().statusCode(200)
                .body(LAST_RUNS + ".data.csv-to-sign", equalTo("attention: the last run needs a look (run " + run.id()
                        + ") — see GET /roster/runs/" + run.id()))
                .extract().asString();
        assertEquals(-1, body.indexOf("ann@example.com"), "no person in open health: " + body);
    }
}
