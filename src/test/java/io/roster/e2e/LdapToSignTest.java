package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.source.ldap.TestDirectories;
import io.roster.source.ldap.TestDirectory;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real ldap-to-sign route against a real LDAP server (UnboundID's in-memory directory over LDAP on loopback,
 * answering at most 5 entries per search, read in pages of 3) and a simulated Sign account.
 */
@QuarkusTest
@QuarkusTestResource(value = TestDirectories.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class LdapToSignTest {

    static final String JOB = "ldap-to-sign";
    /** People the fixture's filter selects: 5 named, 8 generated (more than the server's size limit of 5). */
    static final int ACTIVE = 13;

    @SignSimulators.Primary
    SignSimulator sign;

    @TestDirectories.Directory
    TestDirectory directory;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    @BeforeEach
    void clean() {
        sign.reset();
        StateTables.clear(state);
        state.update("clear watermarks", "DELETE FROM roster_source_watermark");
    }

    /**
     * Ada (Sign Admins), Grace (Sales Managers, a group inside Sales), Linus (Sales), Pat (Sales EMEA, also inside
     * Sales), Alan and p0..p7 (Engineering), Margaret (Engineering, disabled). With memberOf on people or not.
     */
    void people(boolean memberOf) throws Exception {
        directory.reset();
        String ada = person("ada", "Ada", "Lovelace", memberOf, "Sign Admins");
        String grace = person("grace", "Grace", "Hopper", memberOf, "Sales Managers");
        String linus = person("linus", "Linus", "Pending", memberOf, "Sales");
        String pat = person("pat", "Pat", "Emea", memberOf, "Sales EMEA");
        String alan = person("alan", "Alan", "Turing", memberOf, "Engineering");
        String margaret = person("margaret", "Margaret", "Hamilton", memberOf, "Engineering");
        directory.modify(margaret, "employeeType", "disabled");
        String[] engineers = new String[9];
        engineers[0] = alan;
        for (int i = 0; i < 8; i++) {
            engineers[i + 1] = person("p" + i, "P", "Number" + i, memberOf, "Engineering");
        }
        directory.group("Sign Admins", ada);
        String managers = directory.group("Sales Managers", grace);
        String emea = directory.group("Sales EMEA", pat);
        directory.group("Sales", linus, managers, emea);
        String[] eng = java.util.Arrays.copyOf(engineers, 10);
        eng[9] = margaret;
        directory.group("Engineering", eng);
    }

    private String person(String uid, String given, String sn, boolean memberOf, String group) throws Exception {
        return memberOf
                ? directory.person(uid, given, sn, uid + "@example.com", "US", group)
                : directory.person(uid, given, sn, uid + "@example.com", "US");
    }

    static String job(String directoryName, String membership, String nested, boolean incremental, String signOnly) {
        return job(directoryName, "(&(objectClass=user)(objectCategory=person)(!(employeeType=disabled)))", membership,
                nested, incremental, signOnly);
    }

    /** A job reading people by this filter (null: the default, AD's active accounts). */
    static String job(String directoryName, String userFilter, String membership, String nested, boolean incremental,
                      String signOnly) {
        return """
                ldap:
                  directory: %s
                  base_dn: ou=People,dc=example,dc=com
                %s
                  groups:
                    base_dn: ou=Groups,dc=example,dc=com
                    membership: %s
                    nested: %s
                  incremental:
                    enabled: %s
                    full_read_every: 24h
                """.formatted(directoryName, userFilter == null ? "" : "  user_filter: " + userFilter, membership, nested,
                incremental) + mappingAndRules(signOnly);
    }

    /** The directory tests' mapping and Sign rules (for OpenLDAP's and Active Directory's people alike). */
    static String mappingAndRules(String signOnly) {
        return """
                mapping:
                  email: "{mail}"
                  firstName: "{givenName}"
                  lastName: "{sn}"
                  groups: "{groups}"
                sign:
                  users: mapped
                  user_sync:
                    sign_only_limit: 100%%
                    sign_only_user_action: %s
                  user_management:
                    - directory_group: Sign Admins
                      sign_group:
                      account_admin: true
                    - directory_group: Sales Managers
                      sign_group: Sales
                      group_admin: true
                    - directory_group: Sales
                      sign_group: Sales
                    - directory_group: Engineering
                      sign_group: Engineering
                    - directory_group: "Finance, EMEA"
                      sign_group: Finance
                """.formatted(signOnly);
    }

    static void write(String yaml) {
        try {
            java.nio.file.Files.createDirectories(JobFiles.JOBS);
            java.nio.file.Files.writeString(JobFiles.JOBS.resolve(JOB + ".yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RunReport run() {
        return runner.run(JOB, false);
    }

    private void assertSynced(RunReport run) {
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals(ACTIVE, sign.users().stream().filter(u -> !u.email.equals(SignSimulators.ADMIN)).count(),
                "everyone the filter selects, over more pages than the server's size limit allows in one answer");
        assertNull(sign.user("margaret@example.com"), "a disabled account is left out by the filter");
        assertEquals("Sales", sign.primaryGroupName("grace@example.com"));
        assertTrue(sign.groupAdmin("grace@example.com"), "Sales Managers rule: group admin");
        assertEquals("Sales", sign.primaryGroupName("pat@example.com"), "Sales EMEA is inside Sales: nested membership");
        assertEquals("Sales", sign.primaryGroupName("linus@example.com"));
        assertEquals("Engineering", sign.primaryGroupName("p7@example.com"));
        assertTrue(sign.user("ada@example.com").accountAdmin);
        assertTrue(directory.peoplePages() >= (ACTIVE + TestDirectories.PAGE_SIZE - 1) / TestDirectories.PAGE_SIZE,
                "read page by page: " + directory.peoplePages());
    }

    @Test
    void readsEveryoneByPagedSearchWithNestedGroupsFromMemberOf() throws Exception {
        people(true);
        write(job("test", "member_of", "expand", false, "exclude"));
        assertSynced(run());
    }

    @Test
    void readsGroupsMembersWhenTheDirectoryHasNoMemberOf() throws Exception {
        people(false);
        write(job("test", "member", "expand", false, "exclude"));
        assertSynced(run());
    }

    @Test
    void withoutNestingOnlyDirectGroupsCount() throws Exception {
        people(true);
        write(job("test", "member_of", "direct", false, "exclude"));
        RunReport run = run();
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertNull(sign.user("pat@example.com"), "Pat is only in Sales EMEA, which no rule names");
        assertEquals("Sales", sign.primaryGroupName("grace@example.com"), "Grace's own group has a rule");
    }

    @Test
    void inChainAsksTheDirectoryWhoIsInEachRuleGroupAtAnyDepth() throws Exception {
        people(true);
        directory.activeDirectory().inChain(true);
        write(job("test", "member_of", "in_chain", false, "exclude"));
        assertSynced(run()); // Pat is in Sales only through Sales EMEA: the directory's in-chain answer says so
        assertTrue(directory.activeDirectory().inChainSearches() >= 4,
                "one in-chain search per group a rule names: " + directory.activeDirectory().inChainSearches());
    }

    @Test
    void aGroupWithMoreMembersThanActiveDirectorySendsAtOnceIsReadRangeByRange() throws Exception {
        people(false); // member style: Engineering lists 10 members
        directory.activeDirectory().maxValRange(4);
        write(job("test", "member", "expand", false, "exclude"));
        assertSynced(run());
        assertTrue(directory.activeDirectory().rangeRequests() >= 2, "member;range=4-* and 8-*: "
                + directory.activeDirectory().rangeRequests());
    }

    @Test
    void aPersonInMoreGroupsThanActiveDirectorySendsAtOnceKeepsThemAll() throws Exception {
        people(true);
        String ada = "uid=ada," + TestDirectory.PEOPLE;
        List<String> memberOf = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            memberOf.add(directory.group("Extra " + i, ada));
        }
        memberOf.add(TestDirectory.groupDn("Sign Admins")); // last: only a later range holds it
        directory.modify(ada, "memberOf", memberOf.toArray(String[]::new));
        directory.activeDirectory().maxValRange(2);
        write(job("test", "member_of", "expand", false, "exclude"));
        assertSynced(run());
    }

    @Test
    void aDirectoryThatDropsMidReadFailsTheRunAndNobodyIsTakenAsGone() throws Exception {
        people(true);
        write(job("test", "member_of", "expand", false, "deactivate"));
        assertSynced(run());

        directory.dropOnPage(2);
        RunReport dropped = run();
        assertEquals(2, dropped.exitCode(), dropped.summary(Instant.now()));
        assertNotNull(dropped.error());
        assertTrue(dropped.error().contains("page 2"), dropped.error());
        assertEquals(0, sign.users().stream().filter(u -> "INACTIVE".equals(u.status)).count(),
                "a failed read deactivated people");
        assertEquals(0, dropped.count(Count.DEACTIVATED));
    }

    @Test
    void incrementalReadsTakeOnlyChangesAndLeaversWaitForTheFullRead() throws Exception {
        people(true);
        // The read takes entries changed at or after the latest change time it saw, so the entries of that same
        // millisecond are read again. One entry changed alone, last, makes that exactly one entry.
        Thread.sleep(5);
        directory.modify("uid=p7," + TestDirectory.PEOPLE, "description", "the latest change");
        write(job("test", "member_of", "expand", true, "deactivate"));
        RunReport first = run();
        assertSynced(first);
        assertEquals(ACTIVE, first.count(Count.PROCESSED));
        assertNull(first.changesOnly(), "the first read is a full one");

        Thread.sleep(5); // the directory's change times have millisecond precision
        directory.modify("uid=linus," + TestDirectory.PEOPLE, "sn", "Torvalds");
        directory.delete("uid=p0," + TestDirectory.PEOPLE); // gone, but no group changed: only a full read sees it
        RunReport changes = run();
        assertEquals(0, changes.exitCode(), changes.summary(Instant.now()));
        assertNotNull(changes.changesOnly());
        assertEquals(2, changes.count(Count.PROCESSED), "only linus (changed) and p7 (the watermark's millisecond)");
        assertEquals("Torvalds", sign.user("linus@example.com").lastName);
        assertEquals("ACTIVE", sign.user("p0@example.com").status, "an incremental read shows nobody who left");
        assertEquals(0, changes.count(Count.DEACTIVATED));

        state.update("make the full read due", "UPDATE roster_source_watermark SET full_read_at = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(2))));
        RunReport full = run();
        assertEquals(0, full.exitCode(), full.summary(Instant.now()));
        assertNull(full.changesOnly(), "the periodic full read");
        assertEquals(ACTIVE - 1, full.count(Count.PROCESSED));
        assertEquals("INACTIVE", sign.user("p0@example.com").status, "the full read sees who left");

        Thread.sleep(5);
        directory.modify(TestDirectory.groupDn("Sales EMEA"), "description", "renamed region");
        RunReport groupChanged = run();
        assertNull(groupChanged.changesOnly(), "a changed group makes a full read (memberships may have ended)");
        assertEquals(ACTIVE - 1, groupChanged.count(Count.PROCESSED));
    }

    @Test
    void aRefusedBindFailsTheRunWithTheDirectorysReasonAndNeverThePassword() throws Exception {
        people(true);
        write(job("wrong-password", "member_of", "expand", false, "exclude"));
        RunReport run = run();
        assertEquals(2, run.exitCode());
        assertTrue(run.error().toLowerCase().contains("invalid credentials"), run.error());
        assertFalse(run.error().contains(TestDirectories.PASSWORD), run.error());
        assertEquals(0, sign.users().stream().filter(u -> !u.email.equals(SignSimulators.ADMIN)).count());
    }

    @org.junit.jupiter.api.AfterAll
    static void leaveAValidJob() {
        write(job("test", "member_of", "expand", false, "exclude"));
    }

    static Path jobFile() {
        return JobFiles.JOBS.resolve(JOB + ".yaml");
    }

    /** The local parts of the Sign users a directory test synced (the account's own admin left out). */
    static Set<String> signPeople(SignSimulator sign) {
        Set<String> out = new TreeSet<>();
        sign.users().stream().filter(u -> !u.email.equals(SignSimulators.ADMIN))
                .forEach(u -> out.add(u.email.substring(0, u.email.indexOf('@'))));
        return out;
    }

    /** What the real directories' shared fixture (OpenLDAP, Samba AD) makes of groups in Sign, for people @{@code domain}. */
    static void assertDirectoryGroups(SignSimulator sign, String domain) {
        assertTrue(sign.user("ada@" + domain).accountAdmin);
        assertEquals("Sales", sign.primaryGroupName("grace@" + domain), "Sales Managers is inside Sales");
        assertTrue(sign.groupAdmin("grace@" + domain));
        assertEquals("Sales", sign.primaryGroupName("linus@" + domain));
        assertEquals("Engineering", sign.primaryGroupName("e4@" + domain));
        assertEquals("Finance", sign.primaryGroupName("fin@" + domain), "a group whose name has a comma");
    }
}
