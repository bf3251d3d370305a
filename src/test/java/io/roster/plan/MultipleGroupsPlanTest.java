package io.roster.plan;

import io.roster.mapping.MappedPeople;
import io.roster.mapping.Person;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The planner in an account with users in multiple groups, as a matrix: the groups a person's rules give × the
 * memberships the user has in Sign × the Sign-only action, and the membership entries that must be written (only what
 * differs). Rules: "Sales Managers" → [Sales, Forecasting], admin of Sales; "Sales" → Sales; "Marketing" → Marketing.
 * Legal is a group no rule names. Memberships are written "Sales*+" (primary, group admin); entries "Sales:primary+admin",
 * "Marketing:member", "Legal:removed".
 */
class MultipleGroupsPlanTest {

    private static final Map<String, SignGroup> GROUPS = new LinkedHashMap<>();

    static {
        for (String[] g : new String[][] {{"G0", "Default Group"}, {"G1", "Sales"}, {"G2", "Marketing"},
                {"G3", "Forecasting"}, {"G4", "Legal"}}) {
            GROUPS.put(g[1], new SignGroup(g[0], g[1], g[0].equals("G0")));
        }
    }

    @ParameterizedTest(name = "{0}: groups [{1}], in Sign [{2}], {3} → [{4}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            new user, one rule                  | Sales                 | -                          | exclude       | Sales:primary; Default Group:removed
            out of the Default Group            | Sales                 | Default Group*             | exclude       | Sales:primary; Default Group:removed
            as the rules say                    | Sales                 | Sales*                     | exclude       | -
            a second group, made primary        | Sales,Marketing       | Marketing*                 | exclude       | Sales:primary
            a group the rules no longer give    | Marketing             | Sales*,Marketing           | exclude       | Marketing:primary; Sales:removed
            a hand-made group is kept           | Marketing             | Marketing*,Legal           | exclude       | -
            ... unless remove_other_groups      | Marketing             | Marketing*,Legal           | exclude+other | Legal:removed
            admin per group                     | Sales Managers        | Sales*                     | exclude       | Sales:primary+admin; Forecasting:member
            admin taken where not given         | Sales Managers        | Sales*+,Forecasting+       | exclude       | Forecasting:member
            both lists, one group each          | Sales Managers,Sales  | Sales*+,Forecasting        | exclude       | -
            Sign-only reset                     | -                     | Sales*+,Marketing          | reset         | Default Group:primary; Sales:removed; Marketing:removed
            Sign-only remove_groups             | -                     | Sales*+,Marketing+         | remove_groups | Default Group:primary+admin; Sales:removed; Marketing:removed
            Sign-only remove_roles              | -                     | Sales*+,Marketing+         | remove_roles  | Sales:primary; Marketing:member
            Sign-only, already default          | -                     | Default Group*             | reset         | -
            Sign-only exclude                   | -                     | Sales*+,Marketing          | exclude       | -
            """)
    void writesOnlyTheMembershipsThatDiffer(String why, String groups, String inSign, String action, String expected) {
        boolean others = action.endsWith("+other");
        Map<String, Object> userSync = new LinkedHashMap<>();
        userSync.put("sign_only_user_action", action.replace("+other", ""));
        userSync.put("sign_only_limit", "100%");
        userSync.put("umg", true);
        userSync.put("remove_other_groups", others);
        List<Map<String, Object>> rules = List.of(
                Map.of("directory_group", "Sales Managers", "sign_group", List.of("Sales", "Forecasting"),
                        "admin_groups", List.of("Sales")),
                Map.of("directory_group", "Sales", "sign_group", "Sales"),
                Map.of("directory_group", "Marketing", "sign_group", "Marketing"));
        SignSyncRules r = SignSyncRules.fromJobFile("mapped", userSync, rules);
        String email = "p@x.com";
        List<Person> people = groups == null ? List.of() : List.of(new Person(email, email,
                Map.of("firstName", "F", "lastName", "L"), new LinkedHashSet<>(List.of(groups.split(","))), "row 1"));
        List<SignUser> users = inSign == null ? List.of() : List.of(user(email, inSign));
        SignOrgState state = new SignOrgState("primary", users, GROUPS.values());
        SignPlan plan = new SignPlanner().plan(new MappedPeople(people, List.of(), Set.of(), people.size()),
                Map.of("primary", state), r, Map.of("primary", new OrgPolicy("primary", "owner@x.com", true, true, true)));
        List<String> written = new ArrayList<>();
        plan.actions().forEach(a -> a.groups().forEach(g -> written.add(g.groupName() + ":" + (g.remove() ? "removed"
                : (g.primary() ? "primary" : "member") + (g.groupAdmin() ? "+admin" : "")))));
        assertEquals(expected == null ? List.of() : List.of(expected.split("; ")), written, why + ": " + plan.actions());
    }

    private static SignUser user(String email, String memberships) {
        List<SignUser.Membership> list = new ArrayList<>();
        for (String m : memberships.split(",")) {
            String name = m.replace("*", "").replace("+", "");
            SignGroup g = GROUPS.get(name);
            list.add(new SignUser.Membership(g.id(), g.name(), m.contains("+"), m.contains("*")));
        }
        return new SignUser("id-" + email, email, "F", "L", null, false, "ACTIVE", list);
    }

    /** An ended membership is held as a group move, admin of a group taken as a role removal: one policy for removals. */
    @org.junit.jupiter.api.Test
    void endedMembershipsAndTakenGroupAdminAreTheRiskyKindsHoldsGate() {
        Map<String, Object> userSync = new LinkedHashMap<>(Map.of("sign_only_user_action", "exclude",
                "sign_only_limit", "100%", "umg", true));
        SignSyncRules r = SignSyncRules.fromJobFile("mapped", userSync, List.of(
                Map.of("directory_group", "Sales", "sign_group", "Sales"),
                Map.of("directory_group", "Marketing", "sign_group", "Marketing")));
        Person p = new Person("p@x.com", "p@x.com", Map.of("firstName", "F", "lastName", "L"),
                new LinkedHashSet<>(List.of("Sales")), "row 1");
        SignOrgState state = new SignOrgState("primary", List.of(user("p@x.com", "Sales*+,Marketing")), GROUPS.values());
        SignPlan plan = new SignPlanner().plan(new MappedPeople(List.of(p), List.of(), Set.of(), 1),
                Map.of("primary", state), r, Map.of("primary", new OrgPolicy("primary", "owner@x.com", true, true, true)));
        assertEquals(1, plan.actions().size(), plan.actions().toString());
        assertEquals(Set.of(HoldRules.Kind.GROUP_MOVE, HoldRules.Kind.ROLE_REMOVAL), plan.actions().get(0).holdKinds(),
                "Marketing ended; admin of Sales taken (no rule gives it)");
    }
}
