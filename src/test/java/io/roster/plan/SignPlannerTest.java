package io.roster.plan;

import io.roster.mapping.MappedPeople;
import io.roster.mapping.Person;
import io.roster.targets.sign.SignGroup;
import io.roster.targets.sign.SignOrgState;
import io.roster.targets.sign.SignUser;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignPlannerTest {

    private final SignPlanner planner = new SignPlanner();
    private static final SignGroup DEFAULT = new SignGroup("G0", "Default Group", true);
    private static final SignGroup SALES = new SignGroup("G1", "Sales", false);

    private static Person person(String email, String... groups) {
        return new Person(email, email, Map.of("firstName", "F", "lastName", "L"),
                new LinkedHashSet<>(List.of(groups)), "row 1");
    }

    private static SignUser user(String email, SignGroup g, boolean groupAdmin, boolean accountAdmin, String status) {
        return new SignUser("id-" + email, email, "F", "L", null, accountAdmin, status,
                List.of(new SignUser.Membership(g.id(), g.name(), groupAdmin, true)));
    }

    private static SignSyncRules rules(String users, String action, String limit, UserManagementRule... rules) {
        List<UserManagementRule> list = List.of(rules);
        return SignSyncRules.parse(users, Map.of("sign_only_user_action", action, "sign_only_limit", limit), list);
    }

    private static UserManagementRule rule(String dir, String group, boolean ga, boolean aa) {
        return UserManagementRule.parse(dir, group, ga, aa);
    }

    private SignPlan plan(List<Person> people, List<SignUser> users, SignSyncRules rules) {
        SignOrgState state = new SignOrgState("primary", users, List.of(DEFAULT, SALES));
        return planner.plan(new MappedPeople(people, List.of(), Set.of(), people.size()), Map.of("primary", state),
                rules, Map.of("primary", new OrgPolicy("primary", "owner@x.com", true, true)));
    }

    @Test
    void theFirstMatchingRuleWithAGroupWinsAndRolesAddUp() {
        SignSyncRules r = rules("mapped", "exclude", "10",
                rule("Admins", null, false, true),
                rule("Eng", "Engineering", false, false),
                rule("Leads", "Sales", true, false));
        SignPlanner.Desired d = SignPlanner.resolve(person("a@x.com", "Leads", "Eng", "Admins"), "primary", r);
        assertEquals("Engineering", d.group());
        assertTrue(d.groupAdmin());
        assertTrue(d.accountAdmin());
    }

    @Test
    void anUnchangedUserGetsNoAction() {
        SignPlan p = plan(List.of(person("a@x.com", "Sales")), List.of(user("a@x.com", SALES, false, false, "ACTIVE")),
                rules("mapped", "exclude", "10", rule("Sales", "Sales", false, false)));
        assertTrue(p.actions().isEmpty());
        assertEquals(1, p.unchanged());
    }

    @Test
    void aNewUserInTheDefaultGroupNeedsNoGroupCall() {
        SignPlan p = plan(List.of(person("a@x.com", "Any")), List.of(), rules("all", "exclude", "10"));
        assertEquals(SignAction.Kind.CREATE, p.actions().get(0).kind());
        assertTrue(p.actions().get(0).groups().isEmpty());
    }

    @Test
    void groupsRulesNameButSignLacksArePlannedForCreation() {
        SignPlan p = plan(List.of(person("a@x.com", "Eng")), List.of(),
                rules("mapped", "exclude", "10", rule("Eng", "Engineering", false, false)));
        assertEquals(Set.of("Engineering"), p.groupsToCreate().get("primary"));
    }

    @Test
    void theKeyOwnerIsNeitherUpdatedNorTreatedAsSignOnly() {
        SignPlan p = plan(List.of(person("other@x.com", "Sales")),
                List.of(user("owner@x.com", SALES, true, true, "ACTIVE"), user("other@x.com", SALES, false, false, "ACTIVE")),
                rules("mapped", "reset", "10", rule("Sales", "Sales", false, false)));
        assertTrue(p.actions().stream().noneMatch(a -> a.email().equals("owner@x.com")));
    }

    @Test
    void inactiveSignOnlyUsersAreLeftAloneAndDoNotCountAgainstTheLimit() {
        SignPlan p = plan(List.of(person("a@x.com", "Sales")),
                List.of(user("a@x.com", SALES, false, false, "ACTIVE"), user("b@x.com", SALES, false, false, "INACTIVE"),
                        user("c@x.com", SALES, false, false, "ACTIVE")),
                rules("mapped", "deactivate", "1", rule("Sales", "Sales", false, false)));
        assertEquals(1, p.actions().size());
        assertEquals("c@x.com", p.actions().get(0).email());
        assertTrue(p.blocked().isEmpty());
    }

    @Test
    void anEmptySourceNeverRemovesAnybody() {
        SignPlan p = plan(List.of(), List.of(user("a@x.com", SALES, false, false, "ACTIVE")),
                rules("all", "deactivate", "100"));
        assertTrue(p.actions().isEmpty());
        assertEquals(Set.of("primary"), p.blocked());
    }

    @Test
    void scopeGroupLimitsWhoIsInTheSource() {
        SignPlan p = plan(List.of(person("a@x.com", "Sales"), person("b@x.com", "Marketing")), List.of(),
                rules("group Sales", "exclude", "10"));
        assertEquals(List.of("a@x.com"), p.actions().stream().map(SignAction::email).toList());
    }

    @Test
    void resetOfAUserAlreadyInTheDefaultStateIsSkipped() {
        SignPlan p = plan(List.of(person("a@x.com", "Sales")),
                List.of(user("a@x.com", SALES, false, false, "ACTIVE"), user("d@x.com", DEFAULT, false, false, "ACTIVE")),
                rules("mapped", "reset", "10", rule("Sales", "Sales", false, false)));
        assertTrue(p.actions().isEmpty());
    }

    @Test
    void limitsParseCountsAndPercentages() {
        assertEquals(5, SignOnlyLimit.parse("5").max(1000));
        assertEquals(50, SignOnlyLimit.parse("5%").max(1000));
        assertFalse(SignOnlyLimit.parse("5%").max(10) > 0, "5% of 10 rounds down to none");
    }
}
