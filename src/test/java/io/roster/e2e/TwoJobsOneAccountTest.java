package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two jobs feed one Sign account from two sources, both with {@code sign_only_user_action: reset}: to each, the other's
 * people are not in its source. A job leaves alone the users another job manages, so run alternately they converge:
 * after the first round nothing changes any more.
 */
@QuarkusTest
@TestProfile(TwoJobsOneAccountTest.TwoJobs.class)
@QuarkusTestResource(SignSimulators.class)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class TwoJobsOneAccountTest {

    static final Path ROUTES = Path.of("target/two-jobs-routes").toAbsolutePath();
    static final Path BRANCH_CSV = Path.of("target/e2e/branch-csv");
    static final List<String> EVERYONE = List.of("ann@example.com", "bob@example.com", "cat@example.com",
            "dan@example.com", "hand@example.com");

    /** A second CSV job, "branch-to-sign": the shipped csv-to-sign route under another name, without its trigger. */
    public static class TwoJobs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(ROUTES);
                Files.writeString(ROUTES.resolve("branch-to-sign.yaml"),
                        ConfigMapRouteReloadTest.jobRoute().replace("csv-to-sign", "branch-to-sign"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "camel.main.routes-include-pattern", "file:routes/*.yaml,file:" + ROUTES + "/*.yaml",
                    "roster.csv.branch-to-sign.dir", BRANCH_CSV.toString(),
                    "roster.csv.branch-to-sign.file", "people.csv");
        }
    }

    @SignSimulators.Primary
    SignSimulator sign;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    @Test
    void twoJobsRunAlternatelyConvergeAfterTheFirstRound() throws IOException {
        sign.reset();
        // 22 runs read the account within seconds: Adobe's cap on identical GETs (3 a minute) is beside the point here
        sign.identicalGetCap(0);
        StateTables.clear(state);
        // a Sign user neither job's source has, in a group: Sign-only to both, reset by the first run that sees it
        sign.addUser("hand@example.com", "Hand", "Made", "Sales", true, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("reset", "100%"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Engineering\n");
        Files.writeString(JobFiles.JOBS.resolve("branch-to-sign.yaml"), JobFiles.rules("reset", "100%"));
        Files.createDirectories(BRANCH_CSV);
        Files.writeString(BRANCH_CSV.resolve("people.csv"), JobFiles.HEADER
                + "Cat,Chief,cat@example.com,US,Sales Managers\nDan,Director,dan@example.com,US,Admins\n" + engineers());

        Map<String, String> afterFirstRound = null;
        for (int round = 1; round <= 10; round++) {
            for (String job : List.of("csv-to-sign", "branch-to-sign")) {
                RunReport run = runner.run(job, false);
                assertEquals(0, run.exitCode(), run.summary(Instant.now()));
                if (round > 1) {
                    long changes = run.count(Count.CREATED) + run.count(Count.UPDATED) + run.count(Count.REACTIVATED)
                            + run.count(Count.DEACTIVATED) + run.count(Count.RESET);
                    assertEquals(0, changes, "round " + round + ", " + job + ": " + run.entries());
                }
            }
            Map<String, String> now = snapshot();
            if (afterFirstRound == null) {
                afterFirstRound = now;
                assertEquals("Sales/group admin", now.get("cat@example.com"), "job B's group admin");
                assertEquals("Default Group/account admin", now.get("dan@example.com"), "job B's account admin");
                assertEquals("Sales", now.get("ann@example.com"));
                assertEquals("Default Group", now.get("hand@example.com"), "nobody's user: reset as Sign-only");
            } else {
                assertEquals(afterFirstRound, now, "round " + round + " changed the account");
            }
        }

        // cat leaves job B's source: B takes back what its rules gave (Sign-only to B), and A, which never had cat,
        // leaves it alone; nobody claims a leaver for ever
        Files.writeString(BRANCH_CSV.resolve("people.csv"), JobFiles.HEADER + "Dan,Director,dan@example.com,US,Admins\n"
                + engineers());
        RunReport left = runner.run("branch-to-sign", false);
        assertEquals(1, left.count(Count.RESET), left.entries().toString());
        assertEquals("Default Group", snapshot().get("cat@example.com"));
        RunReport other = runner.run("csv-to-sign", false);
        assertEquals(0, other.count(Count.RESET) + other.count(Count.UPDATED), other.entries().toString());
    }

    /** Five more people of job B, so one leaving is a drop the removal guard lets through (1 of 7). */
    private static String engineers() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            csv.append("Eng,").append(i).append(",eng").append(i).append("@example.com,US,Engineering\n");
        }
        return csv.toString();
    }

    /** Each user's primary group and roles as the simulator holds them. */
    private Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String email : EVERYONE) {
            SignSimulator.User u = sign.user(email);
            out.put(email, sign.primaryGroupName(email) + (sign.groupAdmin(email) ? "/group admin" : "")
                    + (u.accountAdmin ? "/account admin" : "") + ("ACTIVE".equals(u.status) ? "" : "/" + u.status));
        }
        return out;
    }
}
