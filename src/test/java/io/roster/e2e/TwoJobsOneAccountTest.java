package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.Claims;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Inject
    Claims claims;

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

    /**
     * Bob is in both sources, with rules that want different groups: the job whose source held him first manages him,
     * the other leaves him as he is, and they do not take turns. Then bob and dan leave job A's source for job B's,
     * dan already as B wants him: A, whose source no longer holds them, never resets them on the way (it did before
     * claims: B had never written them, so they looked like nobody's), and B takes them over.
     */
    @Test
    void aUserBothSourcesHoldIsTheFirstJobsAndOneWhoMovesIsNeverResetOnTheWay() throws IOException {
        sign.reset();
        sign.identicalGetCap(0); // a dozen runs read the account within seconds: the cap is beside the point here
        StateTables.clear(state);
        JobFiles.job(JobFiles.rules("reset", "100%"));
        Files.writeString(JobFiles.JOBS.resolve("branch-to-sign.yaml"), JobFiles.rules("reset", "100%"));
        Files.createDirectories(BRANCH_CSV);
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Engineering\n"
                + "Dan,Dev,dan@example.com,US,Engineering\n" + engineers("a", 10));
        Files.writeString(BRANCH_CSV.resolve("people.csv"), JobFiles.HEADER
                + "Bob,Baker,bob@example.com,US,Sales Managers\nCat,Chief,cat@example.com,US,Sales\n" + engineers());

        for (int round = 1; round <= 3; round++) {
            RunReport a = runner.run("csv-to-sign", false);
            RunReport b = runner.run("branch-to-sign", false);
            assertEquals(0, a.exitCode(), a.summary(Instant.now()));
            assertEquals(0, b.exitCode(), b.summary(Instant.now()));
            assertEquals("Engineering", snapshot().get("bob@example.com"), "round " + round + ": job A's group for bob");
            assertTrue(b.entries().stream().anyMatch(e -> e.email().equals("bob@example.com")
                    && e.detail().contains("managed by job csv-to-sign")), b.entries().toString());
            if (round > 1) {
                assertEquals(0, a.count(Count.UPDATED) + a.count(Count.RESET) + b.count(Count.UPDATED)
                        + b.count(Count.RESET), "round " + round + ": " + a.entries() + b.entries());
            }
        }

        // bob and dan move from A's source to B's; B runs first and finds A still holding them
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n" + engineers("a", 10));
        Files.writeString(BRANCH_CSV.resolve("people.csv"), JobFiles.HEADER
                + "Bob,Baker,bob@example.com,US,Sales Managers\nCat,Chief,cat@example.com,US,Sales\n"
                + "Dan,Dev,dan@example.com,US,Engineering\n" + engineers());
        RunReport b = runner.run("branch-to-sign", false);
        assertEquals(0, b.count(Count.UPDATED) + b.count(Count.RESET), b.entries().toString());
        RunReport a = runner.run("csv-to-sign", false);
        assertEquals(0, a.exitCode(), a.summary(Instant.now()));
        assertEquals(0, a.count(Count.RESET) + a.count(Count.UPDATED), "A leaves B's people alone: " + a.entries());
        assertEquals("Engineering", snapshot().get("dan@example.com"));
        b = runner.run("branch-to-sign", false);
        assertEquals(1, b.count(Count.UPDATED), "B takes bob over: " + b.entries());
        assertEquals("Sales/group admin", snapshot().get("bob@example.com"));
        assertEquals("Engineering", snapshot().get("dan@example.com"), "dan was as B wants him all along");
        a = runner.run("csv-to-sign", false);
        assertEquals(0, a.count(Count.RESET) + a.count(Count.UPDATED), a.entries().toString());
    }

    /**
     * Job B's rules name a Sign group job A's do not: a user made by hand in that group is Sign-only to both, and it is
     * B's to judge (B excludes Sign-only users), so A's reset leaves it alone while it resets A's own stray user.
     */
    @Test
    void aSignOnlyUserInAGroupOnlyAnotherJobsRulesNameIsThatJobs() throws IOException {
        sign.reset();
        sign.identicalGetCap(0); // four runs read the account within seconds: the cap is beside the point here
        StateTables.clear(state);
        sign.addUser("temp@example.com", "Temp", "Hand", "Contractors", false, false, "ACTIVE");
        sign.addUser("stray@example.com", "Stray", "Hand", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("reset", "100%"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        Files.writeString(JobFiles.JOBS.resolve("branch-to-sign.yaml"), """
                sign:
                  users: mapped
                  user_sync:
                    sign_only_user_action: exclude
                  user_management:
                    - directory_group: Contractors
                      sign_group: Contractors
                """);
        Files.createDirectories(BRANCH_CSV);
        Files.writeString(BRANCH_CSV.resolve("people.csv"), JobFiles.HEADER + "Con,One,con1@example.com,US,Contractors\n");

        RunReport b = runner.run("branch-to-sign", false);
        assertEquals(0, b.exitCode(), b.summary(Instant.now()));
        RunReport a = runner.run("csv-to-sign", false);
        assertEquals(0, a.exitCode(), a.summary(Instant.now()));

        assertEquals("Default Group", sign.primaryGroupName("stray@example.com"), "A's own Sign-only user: reset");
        assertEquals("Contractors", sign.primaryGroupName("temp@example.com"), "in B's group: B's to judge");
        assertEquals("Contractors", sign.primaryGroupName("con1@example.com"));
        assertEquals(1, a.count(Count.RESET), a.entries().toString());

        // lead is in A's source, where a rule gives a role but no group, so lead stays in B's group; when A's source
        // lets lead go, A (the last job whose source held lead) resets lead: B's group does not make a claimed user B's
        sign.addUser("lead@example.com", "Lead", "Hand", "Contractors", false, false, "ACTIVE");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nLead,Hand,lead@example.com,US,Admins\n" + engineers("a", 10));
        runner.run("csv-to-sign", false);
        assertEquals("Contractors/account admin", snapshot(List.of("lead@example.com")).get("lead@example.com"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n" + engineers("a", 10));
        RunReport left = runner.run("csv-to-sign", false);
        assertEquals(1, left.count(Count.RESET), left.entries().toString());
        assertEquals("Default Group", snapshot(List.of("lead@example.com")).get("lead@example.com"),
                "A's leaver, reset by A; the role A's rule gave is taken back");
    }

    /**
     * Data from before claims were kept: both jobs wrote U (B created U, then U moved to A's source and A moved U),
     * but only A has claimed U since. When U leaves A's source, A — the only job that ever claimed U — resets U;
     * B's old journal row does not make U B's, which would leave U to nobody.
     */
    @Test
    void aLeaverOnlyThisJobEverClaimedIsThisJobsThoughAnotherOnceWroteIt() throws IOException {
        sign.reset();
        sign.identicalGetCap(0); // several runs read the account within seconds: the cap is beside the point here
        StateTables.clear(state);
        JobFiles.job(JobFiles.rules("reset", "100%"));
        Files.writeString(JobFiles.JOBS.resolve("branch-to-sign.yaml"), JobFiles.rules("reset", "100%"));
        Files.createDirectories(BRANCH_CSV);
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n" + engineers("a", 10));
        Files.writeString(BRANCH_CSV.resolve("people.csv"), JobFiles.HEADER + "Uma,User,uma@example.com,US,Engineering\n"
                + engineers());
        runner.run("branch-to-sign", false);
        runner.run("csv-to-sign", false);
        // uma moves to A's source, in Sales; B lets her go, then A takes her over and moves her
        Files.writeString(BRANCH_CSV.resolve("people.csv"), JobFiles.HEADER + engineers());
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nUma,User,uma@example.com,US,Sales\n" + engineers("a", 10));
        runner.run("csv-to-sign", false);
        runner.run("branch-to-sign", false);
        RunReport takeover = runner.run("csv-to-sign", false);
        assertEquals(1, takeover.count(Count.UPDATED), takeover.entries().toString());
        assertEquals("Sales", sign.primaryGroupName("uma@example.com"));
        state.update("forget B's claims, as before claims were kept", "DELETE FROM roster_claim WHERE job = ?",
                "branch-to-sign");
        state.update("forget B's claims", "DELETE FROM roster_claim_set WHERE job = ?", "branch-to-sign");

        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n" + engineers("a", 10));
        RunReport left = runner.run("csv-to-sign", false);
        assertEquals(1, left.count(Count.RESET), left.entries().toString());
        assertEquals("Default Group", sign.primaryGroupName("uma@example.com"));
    }

    /** Claims of a job the routes no longer define (renamed, removed) count for nothing: the job's people are free. */
    @Test
    void aRenamedJobsClaimsHoldNobodyBack() {
        sign.reset();
        sign.identicalGetCap(0);
        StateTables.clear(state);
        claims.hold("csv-to-sign-old-name", "sign:primary", List.of("ann@example.com"), Set.of());
        JobFiles.job(JobFiles.rules("reset", "100%"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        sign.addUser("ann@example.com", "Ann", "Able", "Engineering", false, false, "ACTIVE");

        RunReport run = runner.run("csv-to-sign", false);
        assertEquals(1, run.count(Count.UPDATED), run.entries().toString());
        assertEquals("Sales", sign.primaryGroupName("ann@example.com"));
    }

    /** Five more people of job B, so one leaving is a drop the removal guard lets through (1 of 7). */
    private static String engineers() {
        return engineers("", 5);
    }

    private static String engineers(String prefix, int n) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < n; i++) {
            csv.append("Eng,").append(i).append(',').append(prefix).append("eng").append(i)
                    .append("@example.com,US,Engineering\n");
        }
        return csv.toString();
    }

    /** Each user's primary group and roles as the simulator holds them. */
    private Map<String, String> snapshot() {
        return snapshot(EVERYONE);
    }

    private Map<String, String> snapshot(List<String> who) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String email : who) {
            SignSimulator.User u = sign.user(email);
            if (u == null) {
                continue;
            }
            out.put(email, sign.primaryGroupName(email) + (sign.groupAdmin(email) ? "/group admin" : "")
                    + (u.accountAdmin ? "/account admin" : "") + ("ACTIVE".equals(u.status) ? "" : "/" + u.status));
        }
        return out;
    }
}
