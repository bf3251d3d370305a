package io.roster.e2e;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.source.ldap.OpenLdapServer;
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
import java.util.Set;
import java.util.TreeSet;

import static io.roster.source.ldap.OpenLdapServer.ACCOUNT_DISABLE;
import static io.roster.source.ldap.OpenLdapServer.NORMAL_ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real ldap-to-sign route against OpenLDAP (Debian's slapd, where installed): the default Active Directory filter
 * on AD's own attributes, the memberof overlay's memberOf, groupOfNames nesting, a server size limit that only paging
 * gets past, and incremental reads on the server's own modifyTimestamp.
 */
@QuarkusTest
@QuarkusTestResource(value = TestDirectories.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class OpenLdapToSignTest {

    /** AD's "password never expires" flag: set on enabled and disabled accounts alike. */
    static final int DONT_EXPIRE_PASSWORD = 0x10000;
    static final int WORKSTATION_TRUST_ACCOUNT = 0x1000;
    static final Set<String> ENABLED = new TreeSet<>(Set.of("ada", "grace", "linus", "alan", "e0", "e1", "e2", "e3", "e4",
            "fin"));

    @SignSimulators.Primary
    SignSimulator sign;

    @TestDirectories.Directory
    OpenLdapServer server;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    @BeforeEach
    void people() throws Exception {
        Assumptions.assumeTrue(server != null, "OpenLDAP is not installed (apt-get install slapd): skipped");
        sign.reset();
        StateTables.clear(state);
        state.update("clear watermarks", "DELETE FROM roster_source_watermark");
        server.clear();
        String ada = server.account("ada", "Ada", "Lovelace", "person", NORMAL_ACCOUNT);
        String grace = server.account("grace", "Grace", "Hopper", "person", NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD);
        String linus = server.account("linus", "Linus", "Torvalds", "person", NORMAL_ACCOUNT);
        String alan = server.account("alan", "Alan", "Turing", "person", NORMAL_ACCOUNT);
        String margaret = server.account("margaret", "Margaret", "Hamilton", "person", NORMAL_ACCOUNT | ACCOUNT_DISABLE);
        String barbara = server.account("barbara", "Barbara", "Liskov", "person",
                NORMAL_ACCOUNT | ACCOUNT_DISABLE | DONT_EXPIRE_PASSWORD);
        String computer = server.account("build01", "Build", "Server", "computer", WORKSTATION_TRUST_ACCOUNT);
        String[] engineers = new String[9];
        engineers[0] = alan;
        engineers[1] = margaret;
        engineers[2] = barbara;
        engineers[3] = computer;
        for (int i = 0; i < 5; i++) {
            engineers[i + 4] = server.account("e" + i, "E", "Number" + i, "person", NORMAL_ACCOUNT);
        }
        server.group("Sign Admins", ada);
        String managers = server.group("Sales Managers", grace);
        server.group("Sales", linus, managers);
        server.group("Engineering", engineers);
        // a name with a comma: a rule names it, and {groups} keeps it one name (written "Finance\, EMEA")
        server.group("Finance, EMEA", server.account("fin", "Fin", "Ance", "person", NORMAL_ACCOUNT));
    }

    @Test
    void theDefaultActiveDirectoryFilterReadsEnabledPeoplePastTheSizeLimit() throws Exception {
        try (LDAPConnection c = server.service(TestDirectories.PASSWORD)) {
            LDAPSearchException limited = assertThrows(LDAPSearchException.class,
                    () -> c.search(OpenLdapServer.PEOPLE, SearchScope.SUB, "(objectClass=user)", "1.1"));
            assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, limited.getResultCode(), "the server limits a plain search");
        }
        LdapToSignTest.write(LdapToSignTest.job("openldap", null, "member_of", "expand", false, "exclude"));
        RunReport run = runner.run(LdapToSignTest.JOB, false);
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals(ENABLED, LdapToSignTest.signPeople(sign), "enabled people only: no disabled account (bit 2 of userAccountControl, "
                + "with or without other flags), no computer account");
        assertEquals(ENABLED.size(), run.count(Count.PROCESSED));
        LdapToSignTest.assertDirectoryGroups(sign, "example.com");
    }

    @Test
    void readsEachGroupsMembersWithNesting() {
        LdapToSignTest.write(LdapToSignTest.job("openldap", null, "member", "expand", false, "exclude"));
        RunReport run = runner.run(LdapToSignTest.JOB, false);
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals(ENABLED, LdapToSignTest.signPeople(sign));
        LdapToSignTest.assertDirectoryGroups(sign, "example.com");
    }

    @Test
    void incrementalReadsFollowTheServersModifyTimestamp() throws Exception {
        LdapToSignTest.write(LdapToSignTest.job("openldap", null, "member_of", "expand", true, "deactivate"));
        RunReport first = runner.run(LdapToSignTest.JOB, false);
        assertEquals(0, first.exitCode(), first.summary(Instant.now()));
        assertNull(first.changesOnly());

        Thread.sleep(1100); // slapd's modifyTimestamp has second precision
        server.modify("uid=linus," + OpenLdapServer.PEOPLE, "sn", "Benedict");
        RunReport changes = runner.run(LdapToSignTest.JOB, false);
        assertEquals(0, changes.exitCode(), changes.summary(Instant.now()));
        assertNotNull(changes.changesOnly(), "an incremental read");
        assertEquals("Benedict", sign.user("linus@example.com").lastName);
        assertEquals(1, changes.count(Count.UPDATED));

        // The read takes entries changed at or after the last clean run's latest change time, so a change made in
        // that same second, after the read passed its entry, is not missed: that second's entries are read again.
        RunReport nothing = runner.run(LdapToSignTest.JOB, false);
        assertEquals(1, nothing.count(Count.PROCESSED), "only linus, whose change is the latest: " + nothing.summary(Instant.now()));
        assertEquals(0, nothing.count(Count.UPDATED));

        Thread.sleep(1100);
        server.modify("uid=alan," + OpenLdapServer.PEOPLE, "givenName", "Alan M.");
        RunReport another = runner.run(LdapToSignTest.JOB, false);
        assertNotNull(another.changesOnly());
        assertEquals(2, another.count(Count.PROCESSED), "linus (the watermark's second) and alan, of 10 people");
        assertEquals("Alan M.", sign.user("alan@example.com").firstName);
        assertEquals(ENABLED.size(), LdapToSignTest.signPeople(sign).size(), "an incremental read removes nobody");
    }

    @AfterAll
    static void leaveAValidJob() {
        LdapToSignTest.leaveAValidJob();
    }
}
