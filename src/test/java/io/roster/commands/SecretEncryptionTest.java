package io.roster.commands;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.crypto.AESGCMNoPaddingSecretKeysHandlerFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What roster.encrypt writes, SmallRye Config reads back through its own AES-256-GCM handler; another key cannot. */
class SecretEncryptionTest {

    static SmallRyeConfig config(String key, String value) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSecretKeyHandlerFactories(new AESGCMNoPaddingSecretKeysHandlerFactory())
                .withDefaultValue(SecretEncryption.KEY, key)
                .withDefaultValue("roster.signature365.secret", value)
                .build();
    }

    @Test
    void smallRyeConfigDecryptsWhatRosterEncrypts() {
        String key = SecretEncryption.newKey();
        String secret = "canary-s365-secret-é✓-9d41";
        String sealed = SecretEncryption.encrypt(secret, key);
        assertFalse(sealed.contains("canary"));
        assertNotEquals(sealed, SecretEncryption.encrypt(secret, key), "a fresh IV each time");
        assertEquals(secret, config(key, "${aes-gcm-nopadding::" + sealed + "}").getValue("roster.signature365.secret", String.class));
    }

    @Test
    void theJsonAnswerHoldsTheValueAndTheNewKeyThatOpensIt() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = new SecretEncryption().runMode(new java.io.ByteArrayInputStream(
                "canary-json-3f2a\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8), true);
        assertEquals(0, exit);
        com.fasterxml.jackson.databind.JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(SecretEncryption.KEY, answer.path("keySetting").asText());
        assertFalse(answer.toString().contains("canary"));
        assertEquals("canary-json-3f2a", config(answer.path("newKey").asText(), answer.path("encrypted").asText())
                .getValue("roster.signature365.secret", String.class));
    }

    @Test
    void anotherKeyCannotOpenIt() {
        String sealed = SecretEncryption.encrypt("canary", SecretEncryption.newKey());
        assertThrows(RuntimeException.class, () -> config(SecretEncryption.newKey(), "${aes-gcm-nopadding::" + sealed + "}")
                .getValue("roster.signature365.secret", String.class));
    }
}
