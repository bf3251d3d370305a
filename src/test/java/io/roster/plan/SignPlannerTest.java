package io.roster.plan;

import io.roster.mapping.MappedPeople;
import io.roster.mapping.Person;
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

    private SignPlan plan(List<Person> people, List<SignUser> users, SignSyncRules rules, History history) {
        SignOrgState state = new SignOrgState("primary", users, List.of(DEFAULT, SALES));
        return planner.plan(new MappedPeople(people, List.of(), Set.of(), people.size()), Map.of("primary", state),
                rules, Map.of("primary", new OrgPolicy("primary", "owner@x.com", true, true)), history);
    }

    private static Person renamed(String email, String lastName, String updatedAt) {
        return new Person(email, email, Map.of("firstName", "F", "lastName", lastName, "updatedAt", updatedAt),
                new LinkedHashSet<>(List.of("Sales")), "row 1");
    }

    private static History wrote(ConflictPolicy policy, String email, String lastName, java.time.Instant at) {
        return new History(policy, Map.of("primary", LastWrites.of(Map.of(email, new LastWrite(Map.of("lastName", lastName), at)))),
                java.util.Optional.empty());
    }

    @Test
    void lastWritesAreFetchedOnceForExactlyThePeopleWhoseSignProfileDiffers() {
        SignSyncRules r = rules("all", "exclude", "10", rule("Sales", "Sales", false, false));
        List<java.util.Collection<String>> prefetched = new java.util.ArrayList<>();
        List<String> asked = new java.util.ArrayList<>();
        LastWrites recording = new LastWrites() {
            @Override
            public void prefetch(java.util.Collection<String> keys) {
                prefetched.add(List.copyOf(keys));
            }

            @Override
            public LastWrite get(String key) {
                asked.add(key);
                return null;
            }
        };
        List<Person> people = List.of(renamed("a@x.com", "New", ""), renamed("b@x.com", "L", ""),
                renamed("c@x.com", "Other", ""), renamed("new@x.com", "N", ""));
        List<SignUser> users = List.of(user("a@x.com", SALES, false, false, "ACTIVE"),
                user("b@x.com", SALES, false, false, "ACTIVE"), user("c@x.com", SALES, false, false, "ACTIVE"));

        SignPlan p = plan(people, users, r, new History(ConflictPolicy.SOURCE_WINS, Map.of("primary", recording),
                java.util.Optional.empty()));

        assertEquals(List.of(List.of("a@x.com", "c@x.com")), prefetched, "one fetch: b is in step, new@ is a create");
        assertEquals(List.of("a@x.com", "c@x.com"), asked);
        assertEquals(3, p.actions().size());
    }

    @Test
    void aValueChangedInSignSinceRostersWriteIsAConflictThePolicyDecides() {
        SignSyncRules r = rules("all", "exclude", "10", rule("Sales", "Sales", false, false));
        // Sign holds "L" (user() default), Roster last wrote "Roster", the source now says "New".
        SignUser edited = user("a@x.com", SALES, false, false, "ACTIVE");
        java.time.Instant wroteAt = java.time.Instant.parse("2026-06-01T00:00:00Z");

        SignPlan sourceWins = plan(List.of(renamed("a@x.com", "New", "")), List.of(edited), r,
                wrote(ConflictPolicy.SOURCE_WINS, "a@x.com", "Roster", wroteAt));
        assertEquals("New", sourceWins.actions().get(0).profile().get("lastName"));
        assertTrue(sourceWins.actions().get(0).detail().contains("conflict"));

        SignPlan targetWins = plan(List.of(renamed("a@x.com", "New", "")), List.of(edited), r,
                wrote(ConflictPolicy.TARGET_WINS, "a@x.com", "Roster", wroteAt));
        assertTrue(targetWins.actions().isEmpty());
        assertTrue(targetWins.skipped().get(0).reason().contains("lastName was changed in Sign"));

        SignPlan olderSource = plan(List.of(renamed("a@x.com", "New", "2026-05-31")), List.of(edited), r,
                wrote(ConflictPolicy.MOST_RECENT_WINS, "a@x.com", "Roster", wroteAt));
        assertTrue(olderSource.actions().isEmpty(), "Sign's edit is newer than the source's change");
        SignPlan newerSource = plan(List.of(renamed("a@x.com", "New", "2026-06-02 08:00:00")), List.of(edited), r,
                wrote(ConflictPolicy.MOST_RECENT_WINS, "a@x.com", "Roster", wroteAt));
        assertEquals("New", newerSource.actions().get(0).profile().get("lastName"));

        // Sign still holds what Roster wrote: no conflict, even under target-wins.
        SignPlan noConflict = plan(List.of(renamed("a@x.com", "New", "")), List.of(edited), r,
                wrote(ConflictPolicy.TARGET_WINS, "a@x.com", "L", wroteAt));
        assertEquals("New", noConflict.actions().get(0).profile().get("lastName"));
    }

    @Test
    void aJobClaimsTheUsersItManagesNotTheKeyOwnerTheExcludedOrThoseItMayNotCreate() {
        SignSyncRules r = SignSyncRules.parse("all", Map.of("sign_only_user_action", "exclude", "sign_only_limit", "10",
                "exclude_users", List.of("svc@x\\.com")), List.of(rule("Sales", "Sales", false, false)));
        List<Person> people = List.of(person("a@x.com", "Sales"), person("new@x.com", "Sales"),
                person("owner@x.com", "Sales"), person("svc@x.com", "Sales"));
        List<SignUser> users = List.of(user("a@x.com", SALES, false, false, "ACTIVE"),
                user("owner@x.com", SALES, false, false, "ACTIVE"), user("svc@x.com", SALES, false, false, "ACTIVE"));
        SignOrgState state = new SignOrgState("primary", users, List.of(DEFAULT, SALES));
        MappedPeople source = new MappedPeople(people, List.of(), Set.of(), people.size());

        SignPlan creating = planner.plan(source, Map.of("primary", state), r,
                Map.of("primary", new OrgPolicy("primary", "owner@x.com", true, true)));
        assertEquals(Map.of("primary", List.of("a@x.com", "new@x.com")), creating.claimed(), "in Sign, or created now");
        SignPlan notCreating = planner.plan(source, Map.of("primary", state), r,
                Map.of("primary", new OrgPolicy("primary", "owner@x.com", false, true)));
        assertEquals(Map.of("primary", List.of("a@x.com")), notCreating.claimed(), "create_users: false");
    }

    @Test
    void aSafetyCheckWithholdsEveryRemovalAndSaysWhy() {
        SignSyncRules r = rules("all", "deactivate", "100%", rule("Sales", "Sales", false, false));
        History withheld = new History(ConflictPolicy.SOURCE_WINS, Map.of(), java.util.Optional.of("the source shrank"));
        SignPlan p = plan(List.of(person("a@x.com", "Sales")), List.of(user("gone@x.com", SALES, false, false, "ACTIVE")),
                r, withheld);
        assertTrue(p.actions().stream().noneMatch(a -> a.kind() == SignAction.Kind.DEACTIVATE));
        assertEquals(Set.of("primary"), p.blocked());
        assertTrue(p.warnings().get(0).contains("the source shrank"));
    }

    @Test
    void actionsCarryTheManagedValuesBeforeAndAfterForTheAuditLog() {
        SignSyncRules r = rules("all", "exclude", "10", rule("Sales", "Sales", true, false));
        SignPlan p = plan(List.of(person("a@x.com", "Sales")), List.of(user("a@x.com", DEFAULT, false, false, "INACTIVE")), r);
        SignAction a = p.actions().get(0);
        assertEquals("Default Group", a.before().get("group"));
        assertEquals("Sales", a.after().get("group"));
        assertEquals("INACTIVE", a.before().get("status"));
        assertEquals("ACTIVE", a.after().get("status"));
        assertEquals("true", a.after().get("groupAdmin"));
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
    void aNameSignHoldsInAnotherUnicodeFormIsNotRewritten() {
        SignUser decomposed = new SignUser("id-a", "a@x.com", "Jose\u0301", "L", null, false, "ACTIVE",
                List.of(new SignUser.Membership(SALES.id(), SALES.name(), false, true)));
        Person nfc = new Person("a@x.com", "a@x.com", Map.of("firstName", "Jos\u00e9", "lastName", "L"),
                new LinkedHashSet<>(List.of("Sales")), "row 1");
        SignSyncRules r = rules("mapped", "exclude", "10", rule("Sales", "Sales", false, false));

        assertTrue(plan(List.of(nfc), List.of(decomposed), r).actions().isEmpty(), "the same name, no write");
        Person renamed = new Person("a@x.com", "a@x.com", Map.of("firstName", "Jos\u00e8", "lastName", "L"),
                new LinkedHashSet<>(List.of("Sales")), "row 1");
        assertEquals(1, plan(List.of(renamed), List.of(decomposed), r).actions().size(), "a different name is written");
    }

    @Test
    void anEmptySourceNeverRemovesAnybody() {
        // the guard, not the planner, judges the source: an empty one withholds every removal, even on a first run
        History guarded = new History(ConflictPolicy.SOURCE_WINS, Map.of(),
                RemovalGuard.parse("100%", false).withhold(RemovalGuard.SourceRead.of(0), java.util.Optional.empty(), "job"));
        SignPlan p = plan(List.of(), List.of(user("a@x.com", SALES, false, false, "ACTIVE")),
                rules("all", "deactivate", "100"), guarded);
        assertTrue(p.actions().isEmpty());
        assertEquals(Set.of("primary"), p.blocked());
        assertTrue(p.warnings().get(0).contains("the source returned nobody"), p.warnings().toString());
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
