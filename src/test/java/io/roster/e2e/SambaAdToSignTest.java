package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.report.RunReport;
import io.roster.report.RunReport.Count;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.source.ldap.SambaAd;
import io.roster.source.ldap.SambaDirectories;
import io.roster.source.ldap.TestDirectories;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.roster.source.ldap.SambaAd.ACCOUNT_DISABLE;
import static io.roster.source.ldap.SambaAd.NORMAL_ACCOUNT;
import static io.roster.source.ldap.SambaAd.WORKSTATION_TRUST_ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real ldap-to-sign route against a real Active Directory: Samba's domain controller (where it can start; else
 * skipped, saying why). AD's own userAccountControl and memberOf, LDAP_MATCHING_RULE_IN_CHAIN, paged search, LDAPS
 * and StartTLS with the DC's own certificate, and incremental reads on uSNChanged. (Samba answers every value of a
 * large group at once, where Windows answers 1,500 at a time: ranged retrieval is tested against the AD emulation,
 * {@code ActiveDirectoryBehaviour}.)
 */
@QuarkusTest
@QuarkusTestResource(value = SambaDirectories.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestDirectories.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class SambaAdToSignTest {

    static final int DONT_EXPIRE_PASSWORD = 0x10000;
    static final Set<String> ENABLED = new TreeSet<>(Set.of("ada", "grace", "linus", "alan", "e0", "e1", "e2", "e3",
            "e4", "fin"));

    @SignSimulators.Primary
    SignSimulator sign;

    SambaAd ad;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    String linus;
    String alan;

    @BeforeEach
    void people() throws Exception {
        Assumptions.assumeTrue(ad != null, "no Active Directory here: " + SambaDirectories.whyNot());
        sign.reset();
        StateTables.clear(state);
        state.update("clear watermarks", "DELETE FROM roster_source_watermark");
        ad.clear();
        String ada = ad.person("ada", "Ada", "Lovelace", NORMAL_ACCOUNT);
        String grace = ad.person("grace", "Grace", "Hopper", NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD);
        linus = ad.person("linus", "Linus", "Torvalds", NORMAL_ACCOUNT);
        alan = ad.person("alan", "Alan", "Turing", NORMAL_ACCOUNT);
        String margaret = ad.person("margaret", "Margaret", "Hamilton", NORMAL_ACCOUNT | ACCOUNT_DISABLE);
        String computer = ad.person("build01", "Build", "Server", WORKSTATION_TRUST_ACCOUNT);
        List<String> engineers = new ArrayList<>(List.of(alan, margaret, computer));
        for (int i = 0; i < 5; i++) {
            engineers.add(ad.person("e" + i, "E", "Number" + i, NORMAL_ACCOUNT));
        }
        ad.group("Sign Admins", List.of(ada));
        String managers = ad.group("Sales Managers", List.of(grace));
        ad.group("Sales", List.of(linus, managers));
        ad.group("Engineering", engineers);
        ad.group("Finance, EMEA", List.of(ad.person("fin", "Fin", "Ance", NORMAL_ACCOUNT)));
    }

    static String job(String directory, String membership, String nested, boolean incremental) {
        return """
                ldap:
                  directory: %s
                  base_dn: OU=Staff,DC=corp,DC=example
                  groups:
                    base_dn: OU=Groups,DC=corp,DC=example
                    membership: %s
                    nested: %s
                  incremental:
                    enabled: %s
                    timestamp_attribute: uSNChanged
                    full_read_every: 24h
                """.formatted(directory, membership, nested, incremental) + LdapToSignTest.mappingAndRules("exclude");
    }

    private RunReport run(String jobFile) {
        LdapToSignTest.write(jobFile);
        return runner.run(LdapToSignTest.JOB, false);
    }

    @Test
    void theDefaultFilterReadsEnabledPeoplePageByPageAndInChainFindsNestedMembers() {
        RunReport run = run(job("ad", "member_of", "in_chain", false));
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals(ENABLED, LdapToSignTest.signPeople(sign), "enabled people only: not margaret (ACCOUNTDISABLE), not the computer");
        LdapToSignTest.assertDirectoryGroups(sign, "corp.example");
    }

    @Test
    void eachGroupsMemberAttributeWithNestingExpanded() {
        RunReport run = run(job("ad", "member", "expand", false));
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals(ENABLED, LdapToSignTest.signPeople(sign));
        LdapToSignTest.assertDirectoryGroups(sign, "corp.example");
    }

    @Test
    void memberOfWithNestingExpandedThroughTheGroupsRead() {
        RunReport run = run(job("ad", "member_of", "expand", false));
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals(ENABLED, LdapToSignTest.signPeople(sign));
        LdapToSignTest.assertDirectoryGroups(sign, "corp.example");
    }

    @Test
    void ldapsAndStartTlsTrustTheDomainControllersOwnCertificateAndNothingElse() {
        for (String directory : List.of("ad-ldaps", "ad-starttls")) {
            sign.reset();
            StateTables.clear(state);
            RunReport run = run(job(directory, "member_of", "in_chain", false));
            assertEquals(0, run.exitCode(), directory + ": " + run.summary(Instant.now()));
            assertEquals(ENABLED, LdapToSignTest.signPeople(sign), directory);
        }
        RunReport refused = run(job("ad-untrusted", "member_of", "in_chain", false));
        assertEquals(2, refused.exitCode(), "a certificate no one trusts: the run does not read");
        String why = String.valueOf(refused.error());
        assertTrue(why.contains("directory ad-untrusted") && why.toLowerCase(java.util.Locale.ROOT).matches(
                ".*(certificate|trust|pkix).*"), "refused for its certificate: " + why);
        assertEquals(ENABLED, LdapToSignTest.signPeople(sign), "nobody taken for gone");
    }

    @Test
    void incrementalReadsFollowUsnChanged() throws Exception {
        RunReport first = run(job("ad", "member_of", "in_chain", true));
        assertEquals(0, first.exitCode(), first.summary(Instant.now()));
        assertNull(first.changesOnly(), "the first read is full");

        ad.modify(linus, "sn", "Benedict");
        RunReport changes = runner.run(LdapToSignTest.JOB, false);
        assertEquals(0, changes.exitCode(), changes.summary(Instant.now()));
        assertNotNull(changes.changesOnly(), "an incremental read");
        assertEquals("Benedict", sign.user("linus@corp.example").lastName);
        assertEquals(1, changes.count(Count.UPDATED));
        assertTrue(changes.count(Count.PROCESSED) <= 2, "linus, and at most the entry the watermark stands on: "
                + changes.summary(Instant.now()));
        assertEquals(ENABLED, LdapToSignTest.signPeople(sign), "an incremental read removes nobody");

        // a membership that ends changes the group, not the user (AD): the next run reads everyone, and sees it
        ad.modify(SambaAd.groupDn("Engineering"), "member", alan); // the engineers but alan leave the group
        RunReport afterGroup = runner.run(LdapToSignTest.JOB, false);
        assertNull(afterGroup.changesOnly(), "a group changed: a full read " + afterGroup.summary(Instant.now()));
        assertEquals(ENABLED.size(), afterGroup.count(Count.PROCESSED), "everyone was read");

        // the watermark names the controller its count came from; another controller's count starts nothing
        String watermark = state.query("watermark", "SELECT watermark FROM roster_source_watermark WHERE job = ?",
                rs -> rs.getString(1), LdapToSignTest.JOB).get(0);
        assertTrue(watermark.matches("\\d+@[0-9a-f]{16}"), watermark);
        state.update("as if another controller answered", "UPDATE roster_source_watermark SET watermark = ? WHERE job = ?",
                watermark.substring(0, watermark.indexOf('@') + 1) + "0000000000000000", LdapToSignTest.JOB);
        RunReport elsewhere = runner.run(LdapToSignTest.JOB, false);
        assertNull(elsewhere.changesOnly(), "a full read: " + elsewhere.summary(Instant.now()));
        assertEquals(ENABLED.size(), elsewhere.count(Count.PROCESSED));
    }

    @AfterAll
    static void leaveAValidJob() {
        LdapToSignTest.leaveAValidJob();
    }
}
