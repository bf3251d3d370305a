package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.commands.HeldCommands;
import io.roster.commands.PlanCommands;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.state.HeldAction;
import io.roster.state.Plans;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real csv-to-sign YAML route against two simulated Sign accounts and checks what the accounts hold
 * afterwards.
 */
@QuarkusTest
@QuarkusTestResource(SignSimulators.class)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class CsvToSignTest {

    @SignSimulators.Primary
    SignSimulator sign;

    @SignSimulators.Org2
    SignSimulator org2;

    @Inject
    JobRunner runner;

    @Inject
    DeadLetters deadLetters;

    @Inject
    StateStore state;

    @Inject
    RunHistory history;

    @Inject
    HeldCommands heldCommands;

    @Inject
    PlanCommands planCommands;

    @Inject
    ChangeJournal journal;

    @BeforeEach
    void clean() {
        sign.reset();
        org2.reset();
        StateTables.clear(state);
        JobFiles.job(JobFiles.rules("exclude", "100"));
    }

    /** CSV rows for people p0..p(n-1)@example.com, each in the group the function picks. */
    private static String generatedPeople(int n, java.util.function.IntFunction<String> group) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < n; i++) {
            csv.append("P,").append(i).append(",p").append(i).append("@example.com,US,").append(group.apply(i)).append('\n');
        }
        return csv.toString();
    }

    private RunReport run() {
        return runner.run("csv-to-sign", false);
    }

    @Test
    void createsPeopleInTheirGroupsWithRolesByRulePrecedence() {
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,Sales
                Bob,Baker,bob@example.com,US,"Sales,Sales Managers"
                Cy,Cole,cy@example.com,US,"Engineering,Admins"
                Di,Dunn,di@example.com,US,"Engineering,Sales"
                Ed,Eve,ed@example.com,US,Marketing
                """);

        RunReport run = run();

        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(4, run.count(Count.CREATED));
        assertEquals("Sales", sign.primaryGroupName("ann@example.com"));
        assertFalse(sign.groupAdmin("ann@example.com"));
        assertEquals("Sales", sign.primaryGroupName("bob@example.com"));
        assertTrue(sign.groupAdmin("bob@example.com"), "Sales Managers makes Bob group admin of Sales");
        assertEquals("Engineering", sign.primaryGroupName("cy@example.com"));
        assertTrue(sign.user("cy@example.com").accountAdmin, "Admins rule grants account admin with no group");
        assertEquals("Sales", sign.primaryGroupName("di@example.com"), "the Sales rule comes before Engineering");
        assertNull(sign.user("ed@example.com"), "Marketing is not mapped: out of scope");
        assertEquals("Able", sign.user("ann@example.com").lastName);
        assertEquals(2, sign.calls("POST groups"), "Sales and Engineering created once each");
        assertEquals(3, sign.groupCount());
    }

    @Test
    void aSecondRunWithNothingChangedWritesNothing() {
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,Sales
                Cy,Cole,cy@example.com,US,"Engineering,Admins"
                """);
        run();
        long writesAfterFirst = sign.writeCalls();

        RunReport second = run();

        assertEquals(0, second.count(Count.CREATED) + second.count(Count.UPDATED));
        assertEquals(2, second.count(Count.UNCHANGED));
        assertEquals(writesAfterFirst, sign.writeCalls(), "no write request on an unchanged re-run");
    }

    @Test
    void updatesNamesRolesAndGroupsOfExistingUsers() {
        sign.addUser("ann@example.com", "Anne", "Able", "Engineering", true, true, "ACTIVE");
        // the User Sync Tool's semantics: roles come from the rules alone, whoever gave them
        JobFiles.job(JobFiles.rules("exclude", "100").replace("    sign_only_user_action:",
                "    keep_hand_made_admins: false\n    sign_only_user_action:"));
        JobFiles.csv("Ann,Able,ANN@example.com,US,Sales\n");

        RunReport run = run();

        assertEquals(1, run.count(Count.UPDATED));
        SignSimulator.User ann = sign.user("ann@example.com");
        assertEquals("Ann", ann.firstName);
        assertFalse(ann.accountAdmin, "no rule gives Ann account admin any more");
        assertEquals("Sales", sign.primaryGroupName("ann@example.com"));
        assertFalse(sign.groupAdmin("ann@example.com"));
        assertEquals(1, sign.users().size(), "matched case-insensitively, not created again");
    }

    @Test
    void reactivatesAnInactiveUserWhoIsBackInTheSource() {
        sign.addUser("ann@example.com", "Ann", "Able", "Sales", false, false, "INACTIVE");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport run = run();

        assertEquals(1, run.count(Count.REACTIVATED));
        assertEquals("ACTIVE", sign.user("ann@example.com").status);
    }

    @Test
    void anAccountAdminMadeByHandIsNeverDemotedButOneRosterMadeIs() {
        sign.addUser("boss@example.com", "Boss", "Hand", "Sales", false, true, "ACTIVE");
        sign.addUser("temp@example.com", "Temp", "Lead", "Sales", true, false, "ACTIVE");
        sign.addUser("pat@example.com", "Pat", "Old", "Engineering", false, true, "ACTIVE");
        JobFiles.job(JobFiles.rules("reset", "100%"));
        JobFiles.csv("Dan,Doe,dan@example.com,US,Admins\nEve,Early,eve@example.com,US,Admins\n"
                + "Pat,Page,pat@example.com,US,Sales\n");
        RunReport first = run();
        assertTrue(sign.user("dan@example.com").accountAdmin, "Roster made dan an account admin by rule");
        // pat is in the source, and no rule makes pat admin: the rest of pat is synced, the role made by hand kept
        assertTrue(sign.user("pat@example.com").accountAdmin, "in the source, admin by hand: kept");
        assertEquals("Page", sign.user("pat@example.com").lastName);
        assertEquals("Sales", sign.primaryGroupName("pat@example.com"));
        assertTrue(first.entries().stream().anyMatch(e -> e.email().equals("pat@example.com")
                && e.action().equals("skipped") && e.detail().contains("the role is kept")), first.entries().toString());

        assertTrue(sign.user("boss@example.com").accountAdmin, "made by hand: kept");
        assertEquals("Sales", sign.primaryGroupName("boss@example.com"));
        assertTrue(first.entries().stream().anyMatch(e -> e.email().equals("boss@example.com")
                && e.action().equals("skipped") && e.detail().contains("keep_hand_made_admins")), first.entries().toString());
        assertEquals("Default Group", sign.primaryGroupName("temp@example.com"), "a Sign-only group admin is reset");
        assertFalse(sign.groupAdmin("temp@example.com"));

        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nEve,Early,eve@example.com,US,Sales\n"
                + "Pat,Page,pat@example.com,US,Sales\n");
        run();
        assertFalse(sign.user("dan@example.com").accountAdmin, "dan left the source: the role Roster gave is taken back");
        assertFalse(sign.user("eve@example.com").accountAdmin, "eve left the Admins group: the role Roster gave is taken back");
        assertTrue(sign.user("boss@example.com").accountAdmin);
        assertTrue(sign.user("pat@example.com").accountAdmin);
    }

    @Test
    void excludedUsersAndGroupsAreNeverTouched() {
        sign.addUser("svc-backup@example.com", "Svc", "Backup", "Sales", true, false, "ACTIVE");
        sign.addUser("ext@example.com", "Ext", "Partner", "Contractors", true, false, "ACTIVE");
        sign.addUser("old@example.com", "Old", "Timer", "Sales", true, false, "ACTIVE");
        sign.addUser("ann@example.com", "Ann", "Typo", "Contractors", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("reset", "100%").replace("    sign_only_user_action:",
                "    exclude_users: ['svc-.*@EXAMPLE.com']\n    exclude_groups: [contractors]\n    sign_only_user_action:"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nSvc,Renamed,svc-backup@example.com,US,Engineering\n");

        RunReport run = run();

        assertEquals("Sales", sign.primaryGroupName("svc-backup@example.com"), "excluded by address, in the source or not");
        assertEquals("Backup", sign.user("svc-backup@example.com").lastName);
        assertEquals("Contractors", sign.primaryGroupName("ext@example.com"), "excluded by group: not Sign-only");
        assertTrue(sign.groupAdmin("ext@example.com"));
        assertEquals("Contractors", sign.primaryGroupName("ann@example.com"), "a source person in an excluded group");
        assertEquals("Typo", sign.user("ann@example.com").lastName);
        assertEquals("Default Group", sign.primaryGroupName("old@example.com"), "the one not excluded is reset");
        assertEquals(1, run.count(Count.RESET), run.summary(java.time.Instant.now()));
        assertEquals(2, run.count(Count.SKIPPED), "the two source people excluded are listed as skipped");
    }

    @Test
    void anExclusionThatIsNoRegularExpressionStopsTheRunNamingIt() {
        JobFiles.job(JobFiles.rules("reset", "5").replace("    sign_only_user_action:",
                "    exclude_users: ['svc-(']\n    sign_only_user_action:"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport run = run();

        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("user_sync.exclude_users: 'svc-(' is not a regular expression"), run.error());
    }

    @Test
    void riskyChangesPastTheirLimitWaitForAnAdminWhileTheRestGoAhead() {
        for (String who : List.of("gone1", "gone2", "gone3")) {
            sign.addUser(who + "@example.com", "Gone", who, "Sales", false, false, "ACTIVE");
        }
        JobFiles.job(JobFiles.rules("deactivate", "100%") + "holds:\n  deactivate: 0\n");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport first = run();
        assertEquals(1, first.count(Count.CREATED), "a create is not risky: it goes ahead");
        assertEquals(0, first.count(Count.DEACTIVATED));
        assertEquals(1, first.exitCode(), "changes wait: the run needs a look");
        assertEquals(3, first.entries().stream().filter(e -> e.action().equals("held")).count(), first.entries().toString());
        List<HeldAction> held = heldCommands.list(List.of("csv-to-sign"), List.of());
        assertEquals(3, held.size());
        assertEquals("ACTIVE", sign.user("gone1@example.com").status);

        run();
        assertEquals(held.stream().map(HeldAction::id).toList(),
                heldCommands.list(List.of("csv-to-sign"), List.of()).stream().map(HeldAction::id).toList(),
                "held again by the next run: the same three, not three more");

        long gone1 = held.stream().filter(h -> h.email().equals("gone1@example.com")).findFirst().orElseThrow().id();
        long gone2 = held.stream().filter(h -> h.email().equals("gone2@example.com")).findFirst().orElseThrow().id();
        Api.given().post("/roster/held/approve?id=" + gone1 + "&by=ann").then().statusCode(200)
                .body("decided", org.hamcrest.Matchers.contains((int) gone1));
        heldCommands.decide(HeldAction.REJECTED, List.of(), List.of(gone2), false, "ann");
        RunReport third = run();

        assertEquals(1, third.count(Count.DEACTIVATED), third.entries().toString());
        assertEquals("INACTIVE", sign.user("gone1@example.com").status, "approved: applied by the next run");
        assertEquals("ACTIVE", sign.user("gone2@example.com").status, "rejected: never applied");
        assertEquals("ACTIVE", sign.user("gone3@example.com").status, "undecided: still held");
        assertEquals(List.of("gone3@example.com"), heldCommands.list(List.of(), List.of()).stream()
                .map(HeldAction::email).toList());
        assertEquals(2, heldCommands.runMode("approve", List.of("csv-to-sign"), List.of(), false, "ann", null),
                "neither ids nor --all: an error, nothing decided");

        // undecided past roster.holds.expire-after (7 days): expired, and held anew if the next run still plans it
        state.update("age the held change", "UPDATE roster_held_action SET created_at = ? WHERE status = 'held'",
                java.time.Instant.now().minus(java.time.Duration.ofDays(8)));
        run();
        List<HeldAction> now = heldCommands.list(List.of(), List.of());
        assertEquals(1, now.size());
        assertTrue(now.get(0).id() > held.get(2).id(), "a new hold, the old one expired");
    }

    @Test
    void anApprovedChangeSignRefusesKeepsItsApprovalAndGoesWithTheNextRun() {
        sign.addUser("gone1@example.com", "Gone", "One", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "100%") + "holds:\n  deactivate: 0\n");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        run();
        heldCommands.decide(HeldAction.APPROVED, List.of("csv-to-sign"), List.of(), true, "ann");
        sign.refuseStateChange("gone1@example.com", true);

        RunReport refused = run();
        assertEquals(1, refused.count(Count.FAILED), refused.entries().toString());
        assertEquals(List.of(HeldAction.APPROVED), state.query("statuses", "SELECT status FROM roster_held_action",
                rs -> rs.getString(1)), "Sign refused it: the approval stands");

        sign.refuseStateChange("gone1@example.com", false);
        RunReport next = run();
        assertEquals(1, next.count(Count.DEACTIVATED), next.entries().toString());
        assertEquals("INACTIVE", sign.user("gone1@example.com").status, "applied without a new hold");
        assertEquals(List.of(HeldAction.RELEASED), state.query("statuses", "SELECT status FROM roster_held_action",
                rs -> rs.getString(1)));
    }

    @Test
    void undoingARunPutsBackWhatItChangedAndListsWhatItCannot() {
        sign.addUser("bob@example.com", "Bob", "Baker", "Sales", false, false, "ACTIVE");
        sign.addUser("cat@example.com", "Cat", "Chief", "Engineering", true, true, "ACTIVE");
        sign.addUser("dan@example.com", "Dan", "Doe", "Sales", false, false, "ACTIVE");
        // keep_hand_made_admins off: cat's roles, given in Sign, are the rules' to take
        JobFiles.job(JobFiles.rules("deactivate", "100%").replace("    sign_only_user_action:",
                "    keep_hand_made_admins: false\n    sign_only_user_action:"));
        // bob moves; cat moves and loses both admin roles; dan is Sign-only and deactivated; ann is created
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Engineering\n"
                + "Cat,Chief,cat@example.com,US,Sales\n");
        List<String> people = List.of("bob@example.com", "cat@example.com", "dan@example.com");
        Map<String, String> earlier = signState(people);

        RunReport changed = run();
        Map<String, String> afterRun = signState(people);
        assertEquals("Engineering", sign.primaryGroupName("bob@example.com"));
        assertFalse(sign.user("cat@example.com").accountAdmin);
        assertEquals("INACTIVE", sign.user("dan@example.com").status);

        RunReport dry = runner.undo(changed.id(), true, "test");
        assertEquals(afterRun, signState(people), "a dry run of the undo changes nothing");
        assertEquals(3, dry.count(Count.UPDATED) + dry.count(Count.REACTIVATED), dry.entries().toString());

        RunReport undo = runner.undo(changed.id(), false, "test");

        assertEquals(0, undo.exitCode(), undo.summary(java.time.Instant.now()));
        assertEquals(earlier, signState(people), "the target's earlier state, exactly");
        assertTrue(undo.warnings().stream().anyMatch(w -> w.contains("ann@example.com") && w.contains("created by run")),
                undo.warnings().toString());
        assertNotNull(sign.user("ann@example.com"), "Sign deletes no user: listed, left");
        assertEquals(3, journal.audit(undo.id()).size(), "the undo is a run with its own audit");
        assertEquals(2, runner.undo("20990101T000000Z-0000", false, "test").exitCode(), "an unknown run is no undo");
    }

    /** Each person's names, primary group, roles and status as the simulator holds them. */
    private Map<String, String> signState(List<String> emails) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String email : emails) {
            SignSimulator.User u = sign.user(email);
            out.put(email, u.firstName + " " + u.lastName + "/" + sign.primaryGroupName(email)
                    + (sign.groupAdmin(email) ? "/group admin" : "") + (u.accountAdmin ? "/account admin" : "") + "/" + u.status);
        }
        return out;
    }

    @Test
    void aPlanSaysWhyAndIsAppliedExactlyLeavingOutWhoChangedSince() {
        // six reads of the account within seconds: Adobe's cap on identical GETs (3 a minute) is beside the point here
        sign.identicalGetCap(0);
        sign.addUser("bob@example.com", "Bob", "Baker", "Sales", false, false, "ACTIVE");
        sign.addUser("dan@example.com", "Dan", "Doe", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("reset", "100%"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales Managers\nBob,Baker,bob@example.com,US,Engineering\n"
                + "Cat,Chief,cat@example.com,US,Sales\n");
        Plans.Plan plan = planCommands.plan("csv-to-sign", "test").plan().orElseThrow();
        assertNull(sign.user("ann@example.com"), "planning writes nothing");
        Plans.Plan again = planCommands.plan("csv-to-sign", "test").plan().orElseThrow();
        assertEquals(plan.changes().stream().map(Plans.Planned::fingerprint).toList(),
                again.changes().stream().map(Plans.Planned::fingerprint).toList(), "the same inputs, the same plan");
        assertEquals(4, plan.changes().size(), plan.changes().toString());

        Plans.Planned ann = planCommands.get(plan.id(), "ANN@example.com").orElseThrow().changes().get(0);
        assertEquals("create", ann.action());
        assertTrue(ann.why().contains("line 2") && ann.why().contains("user_management rule 1 (Sales Managers → Sales)")
                && ann.why().contains("Sign had no such user"), ann.why());
        Plans.Planned dan = planCommands.get(plan.id(), "dan@example.com").orElseThrow().changes().get(0);
        assertTrue(dan.why().startsWith("Sign-only") && dan.why().contains("sign_only_user_action: reset")
                && dan.why().contains("group=Sales"), dan.why());

        // after planning, the source changes: cat moves to another group, eve arrives
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales Managers\nBob,Baker,bob@example.com,US,Engineering\n"
                + "Cat,Chief,cat@example.com,US,Engineering\nEve,Early,eve@example.com,US,Sales\n");
        // and someone makes dan a group admin by hand: the reset planned from what Sign held then is not this one
        SignSimulator.User danInSign = sign.user("dan@example.com");
        danInSign.groups.get(danInSign.primaryGroupId())[0] = true;
        RunReport applied = planCommands.apply(plan.id(), "test");

        assertEquals(0, applied.exitCode(), applied.summary(java.time.Instant.now()));
        assertTrue(sign.user("ann@example.com").accountAdmin == false && sign.groupAdmin("ann@example.com"));
        assertEquals("Engineering", sign.primaryGroupName("bob@example.com"));
        assertEquals("Sales", sign.primaryGroupName("dan@example.com"), "his Sign user changed since the plan: left out");
        assertTrue(sign.groupAdmin("dan@example.com"));
        assertNull(sign.user("cat@example.com"), "changed since the plan: left out");
        assertNull(sign.user("eve@example.com"), "not in the plan: not applied");
        for (String who : List.of("cat@example.com", "dan@example.com")) {
            assertTrue(applied.entries().stream().anyMatch(e -> e.email().equals(who) && e.detail().contains("left out")),
                    who + " " + applied.entries());
        }
        assertEquals(2, planCommands.apply(plan.id(), "test").exitCode(), "a plan is applied once");

        Plans.Plan old = planCommands.plan("csv-to-sign", "test").plan().orElseThrow();
        state.update("age the plan", "UPDATE roster_plan SET expires_at = ? WHERE id = ?",
                java.time.Instant.now().minusSeconds(60), old.id());
        RunReport expired = planCommands.apply(old.id(), "test");
        assertEquals(2, expired.exitCode());
        assertTrue(expired.error().contains("expired"), expired.error());
    }

    /** The User Sync Tool's semantics: with keep_hand_made_admins off, a Sign-only account admin is treated like anyone. */
    @ParameterizedTest
    @ValueSource(strings = {"exclude", "deactivate", "reset", "remove_groups", "remove_roles"})
    void signOnlyUsersGetTheConfiguredAction(String action) {
        sign.addUser("gone@example.com", "Gone", "Away", "Sales", true, true, "ACTIVE");
        sign.addUser(SignSimulators.ADMIN, "Key", "Owner", "Sales", true, true, "ACTIVE");
        JobFiles.job(JobFiles.rules(action, "5").replace("    sign_only_user_action:",
                "    keep_hand_made_admins: false\n    sign_only_user_action:"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport run = run();

        SignSimulator.User gone = sign.user("gone@example.com");
        String group = sign.primaryGroupName("gone@example.com");
        boolean groupAdmin = sign.groupAdmin("gone@example.com");
        switch (action) {
            case "exclude" -> {
                assertEquals("ACTIVE", gone.status);
                assertEquals("Sales", group);
                assertTrue(groupAdmin && gone.accountAdmin);
            }
            case "deactivate" -> {
                assertEquals("INACTIVE", gone.status);
                assertEquals(1, run.count(Count.DEACTIVATED));
            }
            case "reset" -> {
                assertEquals("Default Group", group);
                assertFalse(groupAdmin);
                assertFalse(gone.accountAdmin);
                assertEquals("ACTIVE", gone.status);
            }
            case "remove_groups" -> {
                assertEquals("Default Group", group);
                assertTrue(gone.accountAdmin, "remove_groups keeps roles");
            }
            case "remove_roles" -> {
                assertEquals("Sales", group);
                assertFalse(groupAdmin);
                assertFalse(gone.accountAdmin);
            }
            default -> throw new IllegalArgumentException(action);
        }
        SignSimulator.User owner = sign.user(SignSimulators.ADMIN);
        assertEquals("ACTIVE", owner.status, "the key owner is never touched");
        assertTrue(owner.accountAdmin);
        assertEquals("Sales", sign.primaryGroupName(SignSimulators.ADMIN));
    }

    @Test
    void aSignOnlyCountAboveTheLimitBlocksEverySignOnlyActionLoudly() {
        for (int i = 0; i < 3; i++) {
            sign.addUser("gone" + i + "@example.com", "G", "A", "Sales", false, false, "ACTIVE");
        }
        JobFiles.job(JobFiles.rules("deactivate", "2"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport run = run();

        assertEquals(1, run.exitCode(), "a held-back safety limit needs attention");
        assertEquals(0, run.count(Count.DEACTIVATED));
        assertTrue(sign.users().stream().allMatch(u -> u.status.equals("ACTIVE")));
        assertTrue(run.warnings().stream().anyMatch(w -> w.contains("sign_only_limit")), run.warnings().toString());
        assertNotNull(sign.user("ann@example.com"), "people in the source are still synced");
    }

    @Test
    void signOnlyActionsPastTheLimitWaitForAnAdminWhoMayLetThemThrough() {
        for (int i = 0; i < 3; i++) {
            sign.addUser("gone" + i + "@example.com", "G", "A", "Sales", false, false, "ACTIVE");
        }
        JobFiles.job(JobFiles.rules("deactivate", "2"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport first = run();
        assertEquals(1, first.exitCode());
        List<HeldAction> held = heldCommands.list(List.of("csv-to-sign"), List.of());
        assertEquals(List.of("gone0@example.com", "gone1@example.com", "gone2@example.com"),
                held.stream().map(HeldAction::email).sorted().toList(), "held, not dropped");
        assertTrue(first.warnings().stream().anyMatch(w -> w.contains("sign_only_limit") && w.contains("roster held list")),
                first.warnings().toString());

        long gone0 = held.stream().filter(h -> h.email().equals("gone0@example.com")).findFirst().orElseThrow().id();
        assertEquals(0, heldCommands.runMode("approve", List.of(), List.of(gone0), false, "carol", null));
        RunReport second = run();

        assertEquals(1, second.count(Count.DEACTIVATED), second.entries().toString());
        assertEquals("INACTIVE", sign.user("gone0@example.com").status, "approved: let through the limit");
        assertEquals("ACTIVE", sign.user("gone1@example.com").status);
        assertEquals(2, heldCommands.list(List.of("csv-to-sign"), List.of()).size(), "the others still wait");
    }

    @Test
    void aPercentageLimitIsTakenOfTheActiveUsers() {
        for (int i = 0; i < 9; i++) {
            sign.addUser("stay" + i + "@example.com", "S", "T", "Sales", false, false, "ACTIVE");
        }
        sign.addUser("gone@example.com", "G", "A", "Sales", false, false, "ACTIVE");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            csv.append("S,T,stay").append(i).append("@example.com,US,Sales\n");
        }
        JobFiles.job(JobFiles.rules("deactivate", "\"10%\""));
        JobFiles.csv(csv.toString());

        RunReport run = run();

        assertEquals(0, run.exitCode());
        assertEquals("INACTIVE", sign.user("gone@example.com").status, "1 of 10 active is within 10%");
    }

    @Test
    void rulesWithAnOrgPrefixSyncIntoTheOtherAccount() {
        org2.addUser("old@example.com", "O", "L", null, false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "5"));
        JobFiles.csv("""
                Pat,Park,pat@example.com,US,Partners
                Ann,Able,ann@example.com,US,Sales
                """);

        RunReport run = run();

        assertEquals("Partners", org2.primaryGroupName("pat@example.com"));
        assertNull(org2.user("ann@example.com"), "Ann's rules all address the primary account");
        assertNull(sign.user("pat@example.com"), "mapped scope: Pat's only rule addresses org2");
        assertEquals("ACTIVE", org2.user("old@example.com").status, "org2 has deactivate-users=false");
        assertTrue(run.entries().stream().anyMatch(e -> e.org().equals("org2") && e.action().equals("skipped")));
    }

    @Test
    void aDryRunReadsAndPlansButWritesNothing() {
        sign.addUser("gone@example.com", "G", "A", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "5"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport run = runner.run("csv-to-sign", true);

        assertTrue(run.dryRun());
        assertEquals(1, run.count(Count.CREATED));
        assertEquals(1, run.count(Count.DEACTIVATED));
        assertEquals(0, sign.writeCalls());
        assertNull(sign.user("ann@example.com"));
        assertEquals("ACTIVE", sign.user("gone@example.com").status);
    }

    @Test
    void rejectedRowsGoToTheDeadLetterStoreAndTheirPeopleAreHeld() {
        sign.addUser("dup@example.com", "Dup", "Licate", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "5"));
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,Sales
                No,Mail,,US,Sales
                Bad,Mail,not-an-email,US,Sales
                Dup,Licate,dup@example.com,US,Sales
                Dup,Other,dup@example.com,US,Sales
                """);

        RunReport run = run();

        assertEquals(1, run.exitCode());
        assertEquals(4, run.count(Count.FAILED), "2 bad emails + both rows of the conflicting pair");
        assertNotNull(sign.user("ann@example.com"));
        assertEquals("ACTIVE", sign.user("dup@example.com").status, "a held person is never treated as gone");
        List<DeadLetter> letters = deadLetters.list("csv-to-sign");
        assertEquals(4, letters.size());
        assertTrue(letters.stream().anyMatch(l -> l.record().startsWith("row 2") && l.reason().contains("'email'")
                && l.reason().contains("empty")), letters.toString());
        assertTrue(letters.stream().anyMatch(l -> l.reason().contains("'lastName'") && l.reason().contains("'Licate' vs 'Other'")));
    }

    @Test
    void aPersonSignRefusesLandsInTheDeadLetterStoreAndTheRestAreSynced() {
        sign.rejectCreate("refused@example.com");
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,Sales
                Ref,Used,refused@example.com,US,Sales
                Bob,Baker,bob@example.com,US,Sales
                """);

        RunReport run = run();

        assertEquals(1, run.exitCode());
        assertEquals(2, run.count(Count.CREATED));
        assertEquals(1, run.count(Count.FAILED));
        DeadLetter letter = deadLetters.list("csv-to-sign").get(0);
        assertEquals("sign:primary", letter.step());
        assertTrue(letter.reason().contains("INVALID_USER_DATA"), letter.reason());
        assertEquals("refused@example.com", letter.data().get("email"));
    }

    @Test
    void aMissingSourceFailsTheRunBeforeAnythingIsWritten() {
        sign.addUser("gone@example.com", "G", "A", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "100"));
        JobFiles.noCsv();

        RunReport run = run();

        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("no CSV file"), run.error());
        assertTrue(run.error().contains("people.csv") && run.error().contains("roster.csv.csv-to-sign"), run.error());
        assertEquals(0, sign.writeCalls());
        assertEquals("ACTIVE", sign.user("gone@example.com").status);
    }

    @Test
    void signIsReadWhileTheSourceIsReadAndMapped() throws Exception {
        JobFiles.noCsv();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        sign.holdReads(gate);
        java.util.concurrent.CompletableFuture<RunReport> running = java.util.concurrent.CompletableFuture.supplyAsync(this::run);
        try {
            // Sign is asked before the CSV exists (read one after the other, the run would wait for the file first)
            waitFor(() -> sign.heldReads() > 0, "Sign to be asked");
            JobFiles.csvAtOnce("Ann,Able,ann@example.com,US,Sales\nBad,Mail,not-an-email,US,Sales\n");
            // and while Sign has not answered, the file is read and mapped: its bad row is already a dead letter
            waitFor(() -> !deadLetters.list("csv-to-sign").isEmpty(), "the bad row's dead letter");
            assertFalse(running.isDone(), "the run waits for Sign");
        } finally {
            gate.countDown();
        }

        RunReport run = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, run.exitCode(), String.valueOf(run.error()));
        assertNotNull(sign.user("ann@example.com"));
        assertEquals(1, deadLetters.list("csv-to-sign").size());
    }

    @Test
    void aSignAccountThatCannotBeReadFailsTheRunAndNothingIsWritten() {
        sign.addUser("gone@example.com", "G", "A", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "100"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBad,Mail,not-an-email,US,Sales\n");
        sign.revokeKey(true);

        RunReport run = run();

        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("INVALID_ACCESS_TOKEN"), run.error());
        assertEquals(0, sign.writeCalls());
        assertEquals("ACTIVE", sign.user("gone@example.com").status);
        RunRecord recorded = history.get(run.id()).orElseThrow();
        assertEquals("not-run", recorded.status());
        assertEquals(2, recorded.exitCode());
        // the source was read and mapped meanwhile: its bad row is kept like any other run's
        assertEquals(1, deadLetters.list("csv-to-sign").size());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aBadJobFileStopsTheRunWithTheFieldNamed() {
        JobFiles.job("sign:\n  user_sync:\n    sign_only_user_action: obliterate\n");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");

        RunReport run = run();

        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("obliterate"), run.error());
        assertTrue(run.error().contains("(line 3, column 28) at sign:"), "the line and column of the value: " + run.error());
        assertFalse(run.error().contains("JobSpec"), "no Java type names in an admin's error: " + run.error());
    }

    @Test
    void a429StormIsRiddenOutWithRetryAfterAndNobodyIsCreatedTwice() {
        JobFiles.csv(generatedPeople(60, i -> "Sales"));
        sign.throttleEvery(25, 1);
        List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.roster.run");
        log.addHandler(capture);
        RunReport run;
        try {
            run = run();
        } finally {
            log.removeHandler(capture);
        }
        // the admin watching the log is told why the run waits, and how far it is
        assertTrue(lines.stream().anyMatch(l -> l.contains("run " + run.id() + ": throttled by the target, waiting 1 s"
                + " (Retry-After); ")), lines.toString());

        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(60, run.count(Count.CREATED));
        assertTrue(sign.throttled() > 0);
        // each 429 is counted in the run's history (the console charts them), the same as Sign sent
        assertEquals(sign.throttled(), history.get(run.id()).orElseThrow().targetThrottled());
        assertEquals(60, sign.users().size());
        assertEquals(60, sign.users().stream().filter(u -> "Sales".equals(sign.primaryGroupName(u.email))).count());
        // Calls made during a Retry-After wait are only the ones already in flight when it began.
        assertTrue(sign.earlyCalls() <= sign.throttled() * 8, "early " + sign.earlyCalls() + " for " + sign.throttled());
    }

    @Test
    void serverErrorsAreRetriedUntilTheyPass() {
        JobFiles.csv(generatedPeople(30, i -> "Sales"));
        sign.failEvery(4);

        RunReport run = run();

        assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
        assertEquals(30, sign.users().size());
    }

    @Test
    void thousandNewPeopleTakeAboutTwoRequestsEach() {
        JobFiles.csv(generatedPeople(1000, i -> i % 2 == 0 ? "Sales" : "Engineering"));

        long start = System.nanoTime();
        RunReport run = run();
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(1000, run.count(Count.CREATED));
        assertEquals(1000, sign.users().size());
        long requests = sign.totalCalls();
        System.out.printf("1000 new people: %d requests (%.2f per person), %d ms%n", requests, requests / 1000.0, ms);
        assertTrue(requests <= 2 * 1000 + 10, "requests: " + requests);
        assertEquals(requests + org2.totalCalls(), run.targetRequests(), "the run counts what it sent (org2 is read too)");
    }

    /**
     * On Sign's documented list shapes (no status, no primary group in any list), a re-run with nothing changed reads
     * the lists and nothing else: what Roster wrote, it remembers. A user deactivated by hand is found once their
     * re-check is due, reported, and put right by the rules.
     */
    @Test
    void aReRunReadsOnlyTheListsAndAHandMadeChangeIsFoundWithinTheRecheckWindow() {
        JobFiles.csv(generatedPeople(1000, i -> i % 2 == 0 ? "Sales" : "Engineering"));
        assertEquals(1000, run().count(Count.CREATED));
        long before = sign.totalCalls();
        long writes = sign.writeCalls();

        RunReport again = run();
        assertEquals(1000, again.count(Count.UNCHANGED), again.summary(java.time.Instant.now()));
        assertEquals(0, sign.calls("GET users/{id}"), "no user read in detail: " + sign.callsByEndpoint());
        long reads = sign.totalCalls() - before;
        assertTrue(reads <= 8, "a re-run of 1,000 unchanged people reads the lists only: " + sign.callsByEndpoint());
        assertEquals(writes, sign.writeCalls(), "and writes nothing");

        // someone deactivates a person in Sign; Roster sees it when that person's re-check is due
        SignSimulator.User p7 = sign.user("p7@example.com");
        p7.status = "INACTIVE";
        RunReport notYet = run();
        assertEquals(0, notYet.count(Count.REACTIVATED), "within the window the change is not seen yet");
        // what Roster knows is 10 hours old, none of it due (each fact lasts at least half the 24 h window): the metric
        // tells how old the oldest fact the run relied on was
        long tenHoursAgo = java.time.Instant.now().minus(java.time.Duration.ofHours(10)).getEpochSecond();
        state.update("age what is known", "UPDATE roster_sign_user SET checked_at_ms = ?", tenHoursAgo * 1000);
        String beforeAged = Metrics.scrape();
        run();
        String aged = Metrics.scrape();
        String oldest = "roster_sign_user_facts_oldest_timestamp_seconds";
        assertEquals(tenHoursAgo, Metrics.value(aged, oldest, "target", "sign:primary"), 1.0, "the oldest fact relied on");
        assertEquals(0, Metrics.value(aged, "roster_sign_user_rechecks_total", "target", "sign:primary")
                - Metrics.value(beforeAged, "roster_sign_user_rechecks_total", "target", "sign:primary"), "none re-checked");
        state.update("make every re-check due", "UPDATE roster_sign_user SET checked_at_ms = ?",
                java.time.Instant.now().minus(java.time.Duration.ofHours(25)).toEpochMilli());
        long detailsBefore = sign.calls("GET users/{id}");
        RunReport due = run();
        assertEquals(1000, sign.calls("GET users/{id}") - detailsBefore, "every due fact read again, once");
        String rechecked = Metrics.scrape();
        assertEquals(1000, Metrics.value(rechecked, "roster_sign_user_rechecks_total", "target", "sign:primary")
                - Metrics.value(aged, "roster_sign_user_rechecks_total", "target", "sign:primary"), "the re-checks, counted");
        assertEquals(1, Metrics.value(rechecked, "roster_sign_users_changed_outside_total", "target", "sign:primary")
                - Metrics.value(aged, "roster_sign_users_changed_outside_total", "target", "sign:primary"),
                "the one user changed in Sign, counted");
        assertTrue(Metrics.value(rechecked, oldest, "target", "sign:primary") >= due.started().getEpochSecond(),
                "every fact read again: none older than the run");
        assertEquals(1, due.count(Count.REACTIVATED), due.summary(java.time.Instant.now()));
        assertEquals("ACTIVE", p7.status);
        assertTrue(due.warnings().stream().anyMatch(w -> w.contains("1 Sign users were changed in Sign")
                && w.contains("p7@example.com: status ACTIVE → INACTIVE")), due.warnings().toString());
        long afterDue = sign.calls("GET users/{id}");
        run();
        assertEquals(afterDue, sign.calls("GET users/{id}"), "read again, remembered again");
    }

    /**
     * A person in two Sign groups whose rules want the one that is primary: Sign's lists do not say which is primary,
     * so it is read once — and nothing is "fixed" back and forth, run after run.
     */
    @Test
    void aPrimaryGroupTheListsDoNotShowIsNeverFixedBackAndForth() {
        SignSimulator.User ann = sign.addUser("ann@example.com", "Ann", "Able", "Sales", true, false, "ACTIVE");
        sign.addGroup("Engineering", false);
        ann.groups.put(sign.groupNamed("Engineering").id(), new boolean[] {false, false});
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales Managers\n");

        for (int i = 0; i < 3; i++) {
            RunReport run = run();
            assertEquals(0, run.exitCode(), run.summary(java.time.Instant.now()));
            assertEquals(1, run.count(Count.UNCHANGED), "run " + i + ": " + run.entries());
        }
        assertEquals(0, sign.writeCalls(), "no write, in any run");
        assertEquals(1, sign.calls("GET users/{id}"), "her primary group read once, then remembered");
        assertEquals("Sales", sign.primaryGroupName("ann@example.com"));
        assertTrue(sign.groupAdmin("ann@example.com"));
    }

    /**
     * Adobe caps identical GETs (3 a minute on most plans) and answers one beyond the cap 304 when it carries the
     * resource's ETag: runs in quick succession read the unchanged lists as 304s from what they kept, never throttled.
     */
    @Test
    void quickReRunsRideTheIdenticalGetCapOnETags() {
        JobFiles.csv(generatedPeople(50, i -> "Sales"));
        assertEquals(0, run().exitCode());
        sign.identicalGetCap(3);
        long throttledBefore = sign.throttled();
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            RunReport again = run();
            assertEquals(0, again.exitCode(), again.summary(java.time.Instant.now()));
            assertEquals(50, again.count(Count.UNCHANGED));
        }
        assertEquals(throttledBefore, sign.throttled(), "no identical GET was refused");
        assertTrue(sign.notModified() >= 5 * 3, "the lists came back 304: " + sign.notModified());
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "without waiting out a minute");
    }

    @Test
    void theReportAndSummaryNeverCarryTheIntegrationKey() throws Exception {
        sign.rejectCreate("refused@example.com");
        JobFiles.csv("Ref,Used,refused@example.com,US,Sales\n");

        RunReport run = run();

        String everything = run.summary(java.time.Instant.now()) + run.entries() + run.warnings()
                + deadLetters.list("csv-to-sign");
        Path reports = Path.of("target/e2e/reports");
        try (var files = Files.list(reports)) {
            for (Path p : files.toList()) {
                everything += Files.readString(p);
            }
        }
        assertFalse(everything.contains(SignSimulators.PRIMARY_KEY));
        assertTrue(everything.contains("refused@example.com"), "the report did capture the failure");
    }
}
