package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.report.RunReport;
import io.roster.report.RunReport.Count;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Users in multiple groups (an account with UMG on), through the real csv-to-sign route and the Sign simulator's
 * documented shapes: every group a person's rules name becomes a membership, the first rule's is primary, group admin
 * is per group; memberships the rules no longer give are ended, one made by hand in a group no rule names is kept;
 * Sign-only reset ends every membership but the Default Group; a run with nothing to change writes nothing.
 * (Memberships are written {@code sim.memberships}-style: "Sales*+" is primary and administered.)
 */
@QuarkusTest
@QuarkusTestResource(SignSimulators.class)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class MultipleGroupsTest {

    @SignSimulators.Primary
    SignSimulator sign;

    @SignSimulators.Org2
    SignSimulator org2;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    static final String RULES = """
            sign:
              users: mapped
              user_sync:
                umg: true
                sign_only_limit: 100%
                sign_only_user_action: reset
              user_management:
                - directory_group: Sales Managers
                  sign_group: [Sales, Forecasting]
                  admin_groups: [Sales]
                - directory_group: Sales
                  sign_group: Sales
                - directory_group: Marketing
                  sign_group: Marketing
                - directory_group: Sign Admins
                  sign_group:
                  account_admin: true
            """;

    @BeforeEach
    void clean() {
        sign.reset();
        org2.reset();
        sign.multipleGroups(true);
        StateTables.clear(state);
        JobFiles.job(RULES);
    }

    private RunReport run() {
        RunReport r = runner.run("csv-to-sign", false);
        assertTrue(r.exitCode() <= 1, r.summary(Instant.now()));
        return r;
    }

    @Test
    void everyGroupTheRulesNameIsAMembershipAndOnlyWhatDiffersIsWritten() {
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,"Sales,Marketing"
                Bob,Baker,bob@example.com,US,"Sales Managers,Marketing"
                Cy,Cole,cy@example.com,US,Marketing
                """);
        RunReport first = run();
        assertEquals(3, first.count(Count.CREATED), first.entries().toString());
        assertEquals(Set.of("Sales*", "Marketing"), sign.memberships("ann@example.com"),
                "the first rule's group is primary; out of the Default Group Sign put her in");
        assertEquals(Set.of("Sales*+", "Forecasting", "Marketing"), sign.memberships("bob@example.com"),
                "admin of Sales only, as admin_groups says");
        assertEquals(Set.of("Marketing*"), sign.memberships("cy@example.com"));

        long groupWrites = sign.calls("PUT users/{id}/groups");
        RunReport again = run();
        assertEquals(0, again.count(Count.UPDATED) + again.count(Count.CREATED), again.entries().toString());
        assertEquals(groupWrites, sign.calls("PUT users/{id}/groups"), "nothing differs: no membership is written");
        assertEquals(0, sign.calls("GET users/{id}/groups"), "memberships come from the member lists");

        // Bob is no longer a sales manager; someone added Ann to Legal by hand (no rule names it)
        sign.addMembership("ann@example.com", "Legal", false);
        sign.addMembership("cy@example.com", "Sales", false);
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,"Sales,Marketing"
                Bob,Baker,bob@example.com,US,Marketing
                Cy,Cole,cy@example.com,US,Marketing
                """);
        RunReport changed = run();
        assertEquals(Set.of("Marketing*"), sign.memberships("bob@example.com"),
                "Sales and Forecasting, which no rule gives him now, are ended; Marketing becomes primary");
        assertEquals(Set.of("Sales*", "Marketing", "Legal"), sign.memberships("ann@example.com"),
                "a membership made by hand in a group no rule names is kept");
        assertEquals(Set.of("Marketing*"), sign.memberships("cy@example.com"),
                "Sales is a group the rules name: a membership in it they do not give is ended");
        assertEquals(2, changed.count(Count.UPDATED), changed.entries().toString());
    }

    /**
     * Undoing a run puts back every membership it changed — the primary group, memberships it ended or began, a
     * group's admin role — and leaves one someone changed by hand since as it is now.
     */
    @Test
    void undoingARunPutsBackTheMembershipsItChanged() {
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,"Sales Managers,Marketing"
                Cy,Cole,cy@example.com,US,Marketing
                Dee,Dow,dee@example.com,US,"Sales,Marketing"
                """);
        run();
        sign.addMembership("cy@example.com", "Sales", false); // by hand, in a group the rules name
        JobFiles.csv("""
                Ann,Able,ann@example.com,US,Marketing
                Cy,Cole,cy@example.com,US,Marketing
                Dee,Dow,dee@example.com,US,Sales
                """);
        RunReport changed = run();
        assertEquals(Set.of("Marketing*"), sign.memberships("ann@example.com"));
        assertEquals(Set.of("Marketing*"), sign.memberships("cy@example.com"));
        assertEquals(Set.of("Sales*"), sign.memberships("dee@example.com"));
        sign.addMembership("dee@example.com", "Marketing", true); // put back by hand since, as admin this time

        RunReport undone = runner.undo(changed.id(), false, "test");
        assertTrue(undone.exitCode() <= 1, undone.summary(Instant.now()));
        assertEquals(Set.of("Sales*+", "Forecasting", "Marketing"), sign.memberships("ann@example.com"),
                "her primary group and its admin role, and the membership the run ended, are back");
        assertEquals(Set.of("Marketing*", "Sales"), sign.memberships("cy@example.com"),
                "the hand-made membership the run ended is back");
        assertEquals(Set.of("Sales*", "Marketing+"), sign.memberships("dee@example.com"),
                "a membership changed by hand since the run is left as it is");
    }

    @Test
    void signOnlyResetLeavesOnlyTheDefaultGroupAndRemoveOtherGroupsEndsHandMadeOnes() {
        sign.addUser("gone@example.com", "Gone", "Away", "Sales", true, false, "ACTIVE");
        sign.addMembership("gone@example.com", "Marketing", true);
        sign.addUser("dan@example.com", "Dan", "Dunn", "Marketing", false, false, "ACTIVE");
        sign.addMembership("dan@example.com", "Legal", false);
        JobFiles.job(RULES.replace("umg: true", "umg: true\n    remove_other_groups: true"));
        JobFiles.csv("Dan,Dunn,dan@example.com,US,Marketing\n");
        RunReport run = run();
        assertEquals(Set.of("Default Group*"), sign.memberships("gone@example.com"),
                "reset: every membership ends but the Default Group, and no group admin is left");
        assertEquals(Set.of("Marketing*"), sign.memberships("dan@example.com"),
                "remove_other_groups: a membership no rule gives is ended, hand-made or not");
        assertEquals(1, run.count(Count.RESET));
    }

    @Test
    void anAccountWithoutMultipleGroupsKeepsOneGroup() {
        sign.multipleGroups(false);
        JobFiles.job(RULES.replace("    umg: true\n", ""));
        JobFiles.csv("Bob,Baker,bob@example.com,US,\"Sales Managers,Marketing\"\n");
        run();
        assertEquals(Set.of("Sales*+"), sign.memberships("bob@example.com"),
                "one group: the first rule's, admin as any rule says (the User Sync Tool's way)");
    }

    static Set<String> set(String... s) {
        return new TreeSet<>(Set.of(s));
    }
}
