package io.roster.plan;

import io.roster.plan.SignAction.GroupAssignment;
import io.roster.plan.SignUser.Membership;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Undo in an account with users in multiple groups, from the audit's memberships before and after a run. */
class SignRestoreTest {

    private static final SignGroup DEFAULT = new SignGroup("g0", "Default Group", true);
    private static final SignGroup SALES = new SignGroup("g1", "Sales", false);
    private static final SignGroup SALES_EMEA = new SignGroup("g2", "Sales, EMEA", false);
    private static final SignGroup MARKETING = new SignGroup("g3", "Marketing", false);

    private static SignUser ann(Membership... in) {
        return new SignUser("u1", "ann@example.com", "Ann", "Able", "", false, SignUser.ACTIVE, List.of(in));
    }

    private static SignRestore.Restore undo(SignUser now, Map<String, String> before, Map<String, String> after,
                                            SignGroup... groups) {
        SignOrgState state = new SignOrgState("primary", List.of(now), List.of(groups));
        return SignRestore.plan("r1", List.of(new SignRestore.Audited("primary", "ann@example.com", "update", before, after)),
                Map.of("primary", state));
    }

    @Test
    void aGroupWhoseNameHoldsACommaIsOneGroup() {
        // the run ended her membership in "Sales, EMEA" (admin); the account has a "Sales" group too
        SignRestore.Restore r = undo(ann(new Membership("g3", "Marketing", false, true)),
                Map.of("groups", "Marketing, Sales, EMEA (group admin)"), Map.of("groups", "Marketing"),
                DEFAULT, SALES, SALES_EMEA, MARKETING);
        assertEquals(List.of(new GroupAssignment("Sales, EMEA", false, true)), r.actions().get(0).groups(),
                "back in \"Sales, EMEA\" as its admin, not in Sales and a group named EMEA");
        assertTrue(r.groupsToCreate().isEmpty(), r.groupsToCreate().toString());
    }

    @Test
    void aMembershipInAGroupSignNoLongerHasIsListedNotMadeAgain() {
        SignRestore.Restore r = undo(ann(new Membership("g3", "Marketing", false, true)),
                Map.of("groups", "Marketing, Legal"), Map.of("groups", "Marketing"), DEFAULT, MARKETING);
        assertTrue(r.actions().isEmpty(), r.actions().toString());
        assertTrue(r.groupsToCreate().isEmpty(), "no group is made again for it: " + r.groupsToCreate());
        assertEquals(1, r.notRestored().size());
        assertTrue(r.notRestored().get(0).contains("Legal") && r.notRestored().get(0).contains("no longer has"),
                r.notRestored().toString());
    }

    @Test
    void thePrimaryGroupComesFirstThenMembershipsBegunThenThoseEnded() {
        // the run moved her from Sales (primary, admin) to Marketing, which it began, and ended Sales, EMEA
        SignRestore.Restore r = undo(ann(new Membership("g3", "Marketing", false, true)),
                Map.of("group", "Sales", "groups", "Sales (group admin), Sales, EMEA"),
                Map.of("group", "Marketing", "groups", "Marketing"), DEFAULT, SALES, SALES_EMEA, MARKETING);
        List<GroupAssignment> written = r.actions().get(0).groups();
        assertEquals(List.of(new GroupAssignment("Sales", true, true), new GroupAssignment("Sales, EMEA", false, false),
                new GroupAssignment("Marketing", false, false, true)), written,
                "the primary group's admin role read from the memberships before, as the audit did not name it");
        assertEquals("Sales (group admin), Sales, EMEA", r.actions().get(0).after().get("groups"));
    }

    @Test
    void aMembershipChangedByHandSinceTheRunIsLeftAsItIs() {
        // the run ended Sales; someone put her back in it since
        SignRestore.Restore r = undo(ann(new Membership("g3", "Marketing", false, true), new Membership("g1", "Sales", true, false)),
                Map.of("groups", "Marketing, Sales"), Map.of("groups", "Marketing"), DEFAULT, SALES, MARKETING);
        assertTrue(r.actions().isEmpty(), r.actions().toString());
    }
}
