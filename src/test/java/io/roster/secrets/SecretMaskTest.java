package io.roster.secrets;

import org.junit.jupiter.api.Test;

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
}
