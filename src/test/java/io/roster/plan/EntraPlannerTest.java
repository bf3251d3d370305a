package io.roster.plan;

import io.roster.mapping.Person;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntraPlannerTest {

    private static Person person(String email, Map<String, String> fields) {
        return new Person(email.toLowerCase(java.util.Locale.ROOT), email, fields, new LinkedHashSet<>(), "row 1");
    }

    private static EntraUser user(String id, String upn, String mail, List<String> proxies, boolean synced,
                                  Map<String, String> values) {
        return new EntraUser(id, upn, mail, proxies, synced, synced ? "CN=" + id + ",OU=People,DC=example,DC=com" : null,
                values);
    }

    @Test
    void eachPersonIsMatchedToOneUserAndOnlyWhatDiffersIsSet() {
        List<EntraUser> users = List.of(
                user("1", "ann@contoso.com", "Ann@Example.com", List.of(), false, Map.of("jobTitle", "Lead", "department", "")),
                user("2", "bob@example.com", null, List.of(), false, Map.of("jobTitle", "")),
                user("3", "cat@contoso.com", "cat@contoso.com", List.of("x500:/o=Ex/cn=cat@example.com",
                        "smtp:cat@example.com"), false, Map.of("jobTitle", "Old")),
                user("4", "dan@contoso.com", "dan@example.com", List.of(), true, Map.of("jobTitle", "Old")),
                user("5", "eve1@contoso.com", "eve@example.com", List.of(), false, Map.of()),
                user("6", "eve2@contoso.com", null, List.of("SMTP:eve@example.com"), false, Map.of()));
        EntraRules rules = EntraRules.defaults();
        Map<String, String> taken = new HashMap<>();
        EntraPlanner.Plan plan = new EntraPlanner().plan(List.of(
                person("ann@example.com", Map.of("jobTitle", "Lead", "department", "Sales")),
                person("bob@example.com", Map.of("jobTitle", "Engineer")),
                person("cat@example.com", Map.of("jobTitle", "")),
                person("dan@example.com", Map.of("jobTitle", "New")),
                person("eve@example.com", Map.of("jobTitle", "X")),
                person("zed@example.com", Map.of("jobTitle", "X"))), EntraPlanner.index(users, rules), rules, taken);

        assertEquals(List.of("1", "2", "3"), plan.changes().stream().map(EntraPlanner.Change::userId).toList());
        assertEquals(Map.of("department", "Sales"), plan.changes().get(0).set(), "by mail, any case; only what differs");
        assertEquals(Map.of("jobTitle", "Engineer"), plan.changes().get(1).set(), "by userPrincipalName");
        assertEquals(Map.of("jobTitle", ""), plan.changes().get(2).set(), "by an SMTP proxy address; x500 is no mail");
        assertTrue(plan.changes().get(2).clears());
        List<String> reasons = plan.refused().stream().map(EntraPlanner.Refusal::reason).toList();
        assertTrue(reasons.get(0).contains("synced from on-premises") && reasons.get(0).contains("jobTitle"), reasons.get(0));
        assertTrue(reasons.get(1).contains("2 Entra ID users match eve@example.com: eve1@contoso.com, eve2@contoso.com"),
                reasons.get(1));
        assertTrue(reasons.get(2).contains("no Entra ID user has zed@example.com"), reasons.get(2));
        assertEquals(3, reasons.size(), reasons.toString());
    }

    @Test
    void twoPeopleWhoMatchOneUserAreNotBothWrittenEvenInLaterBatches() {
        List<EntraUser> users = List.of(user("1", "ann@contoso.com", "ann@example.com",
                List.of("smtp:ann.alias@example.com"), false, Map.of()));
        EntraRules rules = EntraRules.defaults();
        Map<String, String> taken = new HashMap<>();
        EntraPlanner planner = new EntraPlanner();
        EntraPlanner.Plan first = planner.plan(List.of(person("ann@example.com", Map.of("jobTitle", "A"))),
                EntraPlanner.index(users, rules), rules, taken);
        EntraPlanner.Plan second = planner.plan(List.of(person("ann.alias@example.com", Map.of("jobTitle", "B"))),
                EntraPlanner.index(users, rules), rules, taken);
        assertEquals(1, first.changes().size());
        assertEquals(0, second.changes().size());
        assertTrue(second.refused().get(0).reason().contains("ann.alias@example.com and ann@example.com both match"),
                second.refused().get(0).reason());
    }

    @Test
    void aSyncedUserIsWrittenInItsDirectoryEntryWhenTheJobSaysSoAndOnlyWithAttributesADHas() {
        EntraRules directory = EntraRules.parse(null, "directory", "corp-writer");
        List<EntraUser> users = List.of(user("9", "kat@contoso.com", "kat@example.com", List.of(), true, Map.of()));
        EntraPlanner.Plan plan = new EntraPlanner().plan(List.of(person("kat@example.com", Map.of("jobTitle", "Lead"))),
                EntraPlanner.index(users, directory), directory, new HashMap<>());
        assertEquals("CN=9,OU=People,DC=example,DC=com", plan.changes().get(0).directoryDn());
        EntraPlanner.Plan hire = new EntraPlanner().plan(List.of(person("kat@example.com",
                Map.of("employeeHireDate", "2026-01-01"))), EntraPlanner.index(users, directory), directory, new HashMap<>());
        assertTrue(hire.refused().get(0).reason().contains("employeeHireDate has no on-premises AD attribute"),
                hire.refused().get(0).reason());
        EntraPlanner.Plan report = new EntraPlanner().plan(List.of(person("kat@example.com", Map.of("jobTitle", "Lead"))),
                EntraPlanner.index(users, EntraRules.defaults()), EntraRules.defaults(), new HashMap<>());
        assertTrue(report.refused().get(0).reason().contains("set entra.synced: directory"), report.refused().get(0).reason());
    }

    @Test
    void anOverlongExtensionAttributeIsSaidBeforeItIsSent() {
        List<EntraUser> users = List.of(user("1", "a@contoso.com", "a@example.com", List.of(), false, Map.of()));
        EntraRules rules = EntraRules.defaults();
        EntraPlanner.Plan fits = new EntraPlanner().plan(List.of(person("a@example.com",
                Map.of("extensionAttribute1", "x".repeat(1024)))), EntraPlanner.index(users, rules), rules, new HashMap<>());
        assertEquals(1, fits.changes().size());
        EntraPlanner.Plan over = new EntraPlanner().plan(List.of(person("a@example.com",
                Map.of("extensionAttribute1", "x".repeat(1025)))), EntraPlanner.index(users, rules), rules, new HashMap<>());
        assertEquals(0, over.changes().size());
        assertTrue(over.refused().get(0).reason().contains("extensionAttribute1 is 1025 characters; Entra ID takes at"
                + " most 1024"), over.refused().get(0).reason());
    }

    @Test
    void aHireDateIsComparedAndWrittenAsGraphGivesItBack() {
        List<EntraUser> users = List.of(user("1", "a@contoso.com", "a@example.com", List.of(), false,
                Map.of("employeeHireDate", "2021-03-01T00:00:00Z")));
        EntraRules rules = EntraRules.defaults();
        for (String same : List.of("2021-03-01", "2021-03-01T01:00:00+01:00")) {
            EntraPlanner.Plan plan = new EntraPlanner().plan(List.of(person("a@example.com",
                    Map.of("employeeHireDate", same))), EntraPlanner.index(users, rules), rules, new HashMap<>());
            assertEquals(List.of("a@example.com"), plan.unchanged(), same);
        }
        EntraPlanner.Plan moved = new EntraPlanner().plan(List.of(person("a@example.com",
                Map.of("employeeHireDate", "2021-04-01"))), EntraPlanner.index(users, rules), rules, new HashMap<>());
        assertEquals(Map.of("employeeHireDate", "2021-04-01T00:00:00Z"), moved.changes().get(0).set());
    }

    @Test
    void matchingCanBeNarrowedToMailAlone() {
        EntraRules mailOnly = EntraRules.parse(List.of("MAIL"), null, null);
        List<EntraUser> users = List.of(user("2", "bob@example.com", null, List.of(), false, Map.of()));
        EntraPlanner.Plan plan = new EntraPlanner().plan(List.of(person("bob@example.com", Map.of("jobTitle", "X"))),
                EntraPlanner.index(users, mailOnly), mailOnly, new HashMap<>());
        assertEquals(0, plan.changes().size(), "bob's sign-in name is not looked at");
        assertTrue(plan.refused().get(0).reason().contains("as its mail"), plan.refused().get(0).reason());
    }

    @Test
    void aSyncedUserGoesToTheProvisioningAppAsAWholeRecordFoundByItsKey() {
        EntraRules rules = EntraRules.parse(null, "provisioning", null,
                EntraRules.Provisioning.parse("sp", "job", null, null));
        List<EntraUser> users = List.of(
                user("1", "kat@contoso.com", "kat@example.com", List.of(), true,
                        Map.of("jobTitle", "Clerk", "department", "Finance", "employeeId", "1004")),
                user("2", "lin@contoso.com", "lin@example.com", List.of(), true, Map.of("jobTitle", "Clerk")),
                user("3", "max@contoso.com", "max@example.com", List.of(), true,
                        Map.of("jobTitle", "Clerk", "employeeId", "9")));
        EntraPlanner.Plan plan = new EntraPlanner().plan(List.of(
                person("kat@example.com", Map.of("jobTitle", "Analyst", "department", "Finance")),
                person("lin@example.com", Map.of("jobTitle", "Analyst")),
                person("max@example.com", Map.of("jobTitle", "Analyst", "employeeId", "10"))),
                EntraPlanner.index(users, rules), rules, new HashMap<>());

        assertEquals(1, plan.changes().size(), plan.refused().toString());
        EntraPlanner.Change kat = plan.changes().get(0);
        assertEquals(Map.of("jobTitle", "Analyst"), kat.set());
        EntraPlanner.Provisioning door = (EntraPlanner.Provisioning) kat.door();
        assertEquals("1004", door.externalId());
        assertEquals(Map.of("jobTitle", "Clerk", "department", "Finance"), door.current(),
                "what stands, sent along so nothing is taken as emptied");
        assertTrue(plan.refused().get(0).reason().contains("no employeeId in Entra ID"), plan.refused().toString());
        assertTrue(plan.refused().get(1).reason().contains("employeeId is how the provisioning app finds the user"),
                plan.refused().toString());
    }

    @Test
    void aValueSentThroughALaterDoorIsWaitedForThenSentAgain() {
        EntraRules rules = EntraRules.parse(null, "directory", "corp-writer");
        java.time.Instant sentAt = java.time.Instant.parse("2026-12-01T10:00:00Z");
        EntraUser kat = user("1", "kat@contoso.com", "kat@example.com", List.of(), true, Map.of("jobTitle", "Clerk"))
                .withSent(Map.of("jobTitle", new EntraUser.Sent("Analyst", "Clerk", sentAt, 1)));
        Map<String, List<EntraUser>> index = EntraPlanner.index(List.of(kat), rules);

        EntraPlanner.Plan soon = new EntraPlanner().plan(List.of(person("kat@example.com", Map.of("jobTitle", "Analyst"))),
                index, rules, new HashMap<>(), sentAt.minusSeconds(60));
        assertEquals(List.of(), soon.changes());
        assertEquals(1, soon.waiting());

        EntraPlanner.Plan changedAgain = new EntraPlanner().plan(List.of(person("kat@example.com",
                Map.of("jobTitle", "Lead"))), index, rules, new HashMap<>(), sentAt.minusSeconds(60));
        assertEquals(Map.of("jobTitle", "Lead"), changedAgain.changes().get(0).set(), "a new value goes at once");

        EntraPlanner.Plan late = new EntraPlanner().plan(List.of(person("kat@example.com", Map.of("jobTitle", "Analyst"))),
                index, rules, new HashMap<>(), sentAt.plusSeconds(60));
        assertEquals(Map.of("jobTitle", "Analyst"), late.changes().get(0).set(), "past the wait: sent again");
        assertEquals(1, late.resent());

        EntraUser edited = user("1", "kat@contoso.com", "kat@example.com", List.of(), true, Map.of("jobTitle", "Temp"))
                .withSent(kat.sent());
        EntraPlanner.Plan drift = new EntraPlanner().plan(List.of(person("kat@example.com", Map.of("jobTitle", "Analyst"))),
                EntraPlanner.index(List.of(edited), rules), rules, new HashMap<>(), sentAt.minusSeconds(60));
        assertEquals(Map.of("jobTitle", "Analyst"), drift.changes().get(0).set(),
                "someone changed it since it was sent: corrected at once, not waited for");

        EntraUser thrice = kat.withSent(Map.of("jobTitle", new EntraUser.Sent("Analyst", "Clerk", sentAt, 3)));
        EntraPlanner.Plan lost = new EntraPlanner().plan(List.of(person("kat@example.com", Map.of("jobTitle", "Analyst"))),
                EntraPlanner.index(List.of(thrice), rules), rules, new HashMap<>(), sentAt.plusSeconds(60));
        assertEquals(List.of(), lost.changes());
        assertTrue(lost.refused().get(0).reason().contains("was sent 3 times") && lost.refused().get(0).reason()
                .contains("provisioning logs"), lost.refused().toString());
    }

    @Test
    void twoSyncedUsersWithOneProvisioningKeyAreNeitherSent() {
        EntraRules rules = EntraRules.parse(null, "provisioning", null,
                EntraRules.Provisioning.parse("sp", "job", null, null));
        List<EntraUser> users = List.of(
                user("1", "kat@contoso.com", "kat@example.com", List.of(), true, Map.of("jobTitle", "", "employeeId", "7")),
                user("2", "kit@contoso.com", "kit@example.com", List.of(), true, Map.of("jobTitle", "", "employeeId", "7")));
        EntraPlanner.Plan plan = new EntraPlanner().plan(List.of(person("kat@example.com", Map.of("jobTitle", "A"))),
                EntraPlanner.index(users, rules), rules, new HashMap<>());
        assertEquals(List.of(), plan.changes());
        assertTrue(plan.refused().get(0).reason().contains("2 synced users have employeeId '7'"), plan.refused().toString());
    }
}
