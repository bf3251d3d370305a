package io.roster.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretMaskTest {

    @Test
    void aSecretIsMaskedAsIsUrlEncodedAndJsonEscaped() {
        String secret = "k3y/with+odd\"chars";
        SecretMask.add(secret);
        String echoed = "401: {\"message\":\"bad key k3y\\/with+odd\\\"chars\"} url ?key=k3y%2Fwith%2Bodd%22chars; raw "
                + secret;
        String masked = SecretMask.apply(echoed);
        assertFalse(masked.contains("k3y"), masked);
        assertTrue(masked.startsWith("401: {\"message\":\"bad key ****\"}"), masked);
        assertTrue(SecretMask.reveals(echoed));
    }

    @Test
    void credentialsInHeaderOrParameterFormAreMaskedWhateverTheirValue() {
        assertEquals("Authorization: Bearer ****", SecretMask.apply("Authorization: Bearer eyJhbGciOi.J9x1"));
        assertEquals("{\"client_secret\":\"****\", \"x\":1}", SecretMask.apply("{\"client_secret\":\"Zq8~abc\", \"x\":1}"));
        assertEquals("jdbc:x://h/db?user=hr&password=****", SecretMask.apply("jdbc:x://h/db?user=hr&password=pa55word"));
        assertEquals("Basic Group is the default group", SecretMask.apply("Basic Group is the default group"),
                "a word after 'Basic' is no credential");
        assertEquals("ann@example.com: group Sales → Default Group", SecretMask.apply("ann@example.com: group Sales → Default Group"));
        String warning = "Signature 365 has no secret: this dry run only shows what would be sent";
        assertEquals(warning, SecretMask.apply(warning), "prose that names a secret is no credential");
        assertEquals("X-Api-Key: ****, {\\\"password\\\":\\\"****\\\"}",
                SecretMask.apply("X-Api-Key: abc, {\\\"password\\\":\\\"hunter22\\\"}"), "JSON inside a JSON string");
    }

    @Test
    void aSettingIsASecretByTheLastPartOfItsName() {
        assertTrue(SecretMask.isSecretSetting("roster.directories.corp.password"));
        assertTrue(SecretMask.isSecretSetting("ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY"));
        assertTrue(SecretMask.isSecretSetting("roster.api.token"));
        assertTrue(SecretMask.isSecretSetting("roster.signature365.secret"));
        assertTrue(SecretMask.isSecretSetting("quarkus.datasource.postgresql.password"));
        assertFalse(SecretMask.isSecretSetting("roster.directories.old-password.url"));
        assertFalse(SecretMask.isSecretSetting("roster.directories.wrong-password.bind-dn"));
        assertFalse(SecretMask.isSecretSetting("roster.signature365.auth-header"));
    }

    @Test
    void aFieldIsASecretWhenItsNameMentionsOneAnywhere() {
        // names no setting policy would take for a secret: the field policy still does (it was DeadLetters' own)
        for (String name : List.of("sessionToken", "user_key", "PassCode", "clientSecretHash", "CREDENTIAL_ID")) {
            assertFalse(SecretMask.isSecretSetting(name), name);
            assertTrue(SecretMask.isSecretName(name), name);
            assertEquals(SecretMask.MASK, SecretMask.maskField(name, "plain-value-1"), name);
        }
        // and every name the setting policy takes, but no name that mentions none
        List.of("roster.directories.corp.password", "ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY")
                .forEach(name -> assertTrue(SecretMask.isSecretName(name), name));
        List.of("email", "department").forEach(name -> assertFalse(SecretMask.isSecretName(name), name));
    }

    @Test
    void aFieldOfAnyOtherNameIsMaskedOnlyWhereItHoldsASecret() {
        SecretMask.add("field-secret-9f3e");
        assertEquals("ann@example.com", SecretMask.maskField("email", "ann@example.com"));
        assertEquals("note: ****", SecretMask.maskField("note", "note: field-secret-9f3e"));
        assertEquals(null, SecretMask.maskField("note", null));
        assertEquals(SecretMask.MASK, SecretMask.maskField("password", null), "a secret's field is masked even when empty");
    }
}
