package io.roster.job.ust;

import io.roster.job.JobSpec;
import io.roster.source.ldap.LdapSourceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The User Sync Tool's sign-sync files, as Roster reads them: what is carried over, what is said, what is refused. */
class UstImportTest {

    static final Path LDAP = Path.of("src/test/resources/ust/ldap/sign-sync-config.yml");
    static final Path BAD = Path.of("src/test/resources/ust/bad/sign-sync-config.yml");

    @Test
    void anLdapSetUpBecomesTheLdapToSignJobWithItsAccountsAndDirectory() throws Exception {
        UstImport imported = UstImport.read(LDAP);
        assertEquals("ldap-to-sign", imported.job());
        Map<String, String> s = imported.settings();
        assertEquals("https://api.na2.echosign.com", s.get("roster.sign.orgs.primary.base-url"));
        assertEquals("sign-admin@example.com", s.get("roster.sign.orgs.primary.admin-email"));
        assertEquals("true", s.get("roster.sign.orgs.primary.create-users"));
        assertEquals("false", s.get("roster.sign.orgs.primary.deactivate-users"));
        assertEquals("https://api.eu1.echosign.com", s.get("roster.sign.orgs.org2.base-url"));
        assertEquals("true", s.get("roster.sign.orgs.org2.deactivate-users"));
        assertEquals("ldap://dc1.corp.example.com", s.get("roster.directories.ust.url"));
        assertEquals("true", s.get("roster.directories.ust.start-tls"), "require_tls_cert on an ldap:// URL: StartTLS");
        assertEquals("CN=ust-reader,OU=Service,DC=corp,DC=example,DC=com", s.get("roster.directories.ust.bind-dn"));
        assertEquals("500", s.get("roster.directories.ust.page-size"));
        assertEquals("4", s.get("roster.sign.concurrency"));
        assertEquals("6", s.get("roster.sign.retry.max-attempts"), "retry_count 5: six attempts in all");
        assertEquals("120s", s.get("roster.sign.timeout"));
        assertEquals("ldap-to-sign", s.get("roster.jobs"));

        // no secret is carried, each is named with where it goes instead
        String everything = imported.jobFile() + imported.propertiesFile("sign-sync-config.yml") + imported.notes();
        for (String secret : List.of("canary-ust-key-7f21", "canary-ust-ldap-password-19c4", "sign_key_org2")) {
            assertFalse(everything.contains(secret), secret);
        }
        assertEquals(List.of("ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY", "ROSTER_SIGN_ORGS_ORG2_INTEGRATION_KEY",
                "ROSTER_DIRECTORIES_UST_PASSWORD"), imported.secrets().stream().map(x -> x.substring(0, x.indexOf(':')))
                .toList());
        assertNote(imported, "connector-sign.yml:2: integration_key is not read from the file: set"
                + " ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY");
        assertNote(imported, "connector-ldap.yml:3: password is not read from the file: set ROSTER_DIRECTORIES_UST_PASSWORD");
        assertNote(imported, "sign-sync-config.yml:27: cache is not used");
        assertNote(imported, "sign-sync-config.yml:29: logging is not used");
        assertNote(imported, "sign-sync-config.yml:13: batch_size is not used");
        assertNote(imported, "user_country_code_format is not used by Sign sync");

        // the job file is a Roster job file, and says what UST's said
        JobSpec spec = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readValue(imported.jobFile(), JobSpec.class);
        assertEquals("ust", spec.ldap().directory());
        assertEquals("DC=corp,DC=example,DC=com", spec.ldap().baseDn());
        assertEquals(LdapSourceSpec.AD_ACTIVE_USERS, spec.ldap().userFilter());
        assertEquals(LdapSourceSpec.Membership.MEMBER, spec.ldap().groups().membership(), "two_steps_lookup");
        assertEquals(LdapSourceSpec.Nesting.EXPAND, spec.ldap().groups().nested(), "nested_group: True");
        assertEquals("sAMAccountName", spec.ldap().groups().nameAttribute(), "group_filter_format's {group}");
        assertEquals("(objectClass=group)", spec.ldap().groups().filter());
        assertEquals(List.of("userPrincipalName"), spec.mapping().fields().get("email").columns());
        assertEquals(3, spec.sign().rules().size());
        assertEquals(java.util.Set.of("primary", "org2"), spec.sign().accounts());
    }

    @Test
    void everyKeyRosterCannotTakeIsNamedWithItsFileLineAndWhatToDoInstead() {
        UstConfigException e = assertThrows(UstConfigException.class, () -> UstImport.read(BAD));
        List<String> p = e.problems();
        assertProblem(p, "sign-sync-config.yml:18: directory_group_filter is not a key of sign-sync-config.yml (UST refuses it too");
        assertProblem(p, "sign-sync-config.yml:19: primary_group_rules is not read: in Roster a person's primary group is"
                + " the first group of the highest-priority rule");
        assertProblem(p, "sign-sync-config.yml:4: identity_source type okta is not read by Roster: export the people to CSV");
        assertProblem(p, "sign-sync-config.yml:10: exclude_identity_types is not a key of user_sync");
        assertProblem(p, "sign-sync-config.yml:15: primary is not a key of a user_management rule");
        assertFalse(p.stream().anyMatch(x -> x.contains(": umg ") || x.contains(": admin_groups ")
                        || x.contains(": sign_group ")),
                "UST 2.11's keys for users in multiple groups are taken: " + p);
        assertProblem(p, "connector-sign.yml:5: console_org is not a key of connector-sign.yml");
        assertProblem(p, "connector-sign.yml:4: create_users is 'maybe': use true or false");
        assertProblem(p, "connector-sign.yml:1: deactivate_users is missing");
        assertFalse(e.getMessage().contains("canary-bad-key-0000"), "no secret in the message");
    }

    private static void assertNote(UstImport imported, String text) {
        assertTrue(imported.notes().stream().anyMatch(n -> n.contains(text)), text + " in " + imported.notes());
    }

    private static void assertProblem(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(n -> n.contains(text)), text + " in\n" + String.join("\n", problems));
    }

    /** A CSV set-up as UST reads it: its encoding names, its users lists, blank required keys refused. */
    @Test
    void aCsvSetUpReadsAsUstDoesAndBlankRequiredKeysAreRefused(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("sign-sync-config.yml"), """
                sign_orgs: {primary: connector-sign.yml}
                identity_source: {type: csv, connector: connector-csv.yml}
                user_sync: {sign_only_limit: 5, sign_only_user_action: exclude}
                connection: {timeout: 0, request_concurrency: 2}
                user_management:
                  - {directory_group: Sales, sign_group: Sales}
                invocation_defaults:
                  users: [group, Sales, "Finance, EMEA"]
                """);
        java.nio.file.Files.writeString(dir.resolve("connector-sign.yml"),
                "host: api.echosign.com\nadmin_email: a@example.com\ncreate_users: yes\ndeactivate_users: no\n");
        java.nio.file.Files.writeString(dir.resolve("connector-csv.yml"), "file_path: people.txt\nstring_encoding: utf-8-sig\n");
        UstImport ok = UstImport.read(dir.resolve("sign-sync-config.yml"));
        assertTrue(ok.jobFile().contains("delimiter: tab"), "not .csv: a tab, as UST guesses: " + ok.jobFile());
        assertTrue(ok.jobFile().contains("encoding: UTF-8"), "Python's utf-8-sig is UTF-8: " + ok.jobFile());
        assertTrue(ok.jobFile().contains("users: group Sales,Finance\\, EMEA"), "each item whole: " + ok.jobFile());
        assertFalse(ok.settings().containsKey("roster.sign.timeout"), "0 is UST's 'not set', not zero seconds");
        assertEquals("2", ok.settings().get("roster.sign.concurrency"));
        assertEquals("true", ok.settings().get("roster.sign.orgs.primary.create-users"), "YAML 1.1's yes");

        java.nio.file.Files.writeString(dir.resolve("connector-sign.yml"),
                "host: api.echosign.com\nadmin_email:\ncreate_users: True\ndeactivate_users: False\n");
        java.nio.file.Files.writeString(dir.resolve("sign-sync-config.yml"), java.nio.file.Files.readString(
                dir.resolve("sign-sync-config.yml")).replace("sign_only_limit: 5, ", ""));
        UstConfigException e = assertThrows(UstConfigException.class, () -> UstImport.read(dir.resolve("sign-sync-config.yml")));
        assertProblem(e.problems(), "connector-sign.yml:2: admin_email has no value (UST requires one too)");
        assertProblem(e.problems(), "sign_only_limit is missing (UST requires it too)");
    }

    @Test
    void withoutAGroupFilterUstsOwnIsWrittenNotRostersDefault() throws Exception {
        UstImport imported = UstImport.read(LDAP);
        assertTrue(imported.jobFile().contains("filter: (objectClass=group)"), imported.jobFile());
    }

    /** Each LDAP connector key Roster cannot take is refused on its own, saying what to do instead. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            authentication_method: ntlm                     | authentication_method ntlm is not supported: bind with a service account (simple) over LDAPS or StartTLS
            authentication_method: kerberos                 | authentication_method kerberos is not supported
            group_member_filter_format: "(member={group_dn})" | is not read: Roster finds members by the users' memberOf (membership: member_of) or by each group's member attribute
            dynamic_group_member_attribute: memberOf        | dynamic_group_member_attribute is for UMAPI's additional groups, not Sign sync: remove it
            string_encoding: latin-1                        | string_encoding latin-1: LDAP strings are UTF-8; remove it
            group_filter_format: "(objectClass=group)"      | group_filter_format must name the group as (attribute={group})
            search_page_size: lots                          | search_page_size must be a number
            user_identity_type_fmt: x                       | user_identity_type_fmt is not a key of connector-ldap.yml (UST refuses it too
            """)
    void anLdapKeyRosterCannotTakeIsRefusedWithWhatToDo(String line, String message,
                                                        @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String f : List.of("sign-sync-config.yml", "connector-sign.yml")) {
            java.nio.file.Files.copy(LDAP.resolveSibling(f), dir.resolve(f));
        }
        java.nio.file.Files.writeString(dir.resolve("sign-sync-config.yml"), java.nio.file.Files.readString(
                dir.resolve("sign-sync-config.yml")).replace("  org2: connector-sign-org2.yml\n", "")
                .replace("    sign_group: org2::Partners\n", "    sign_group: Partners\n"));
        java.nio.file.Files.writeString(dir.resolve("connector-ldap.yml"), "host: ldaps://dc1.corp.example.com\n"
                + "base_dn: DC=corp,DC=example,DC=com\nusername: CN=r,DC=corp\n" + line.strip() + "\n");
        UstConfigException e = assertThrows(UstConfigException.class, () -> UstImport.read(dir.resolve("sign-sync-config.yml")));
        assertProblem(e.problems(), "connector-ldap.yml:4: ");
        assertProblem(e.problems(), message.strip());
    }
}
