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
    void anotherKeyCannotOpenIt() {
        String sealed = SecretEncryption.encrypt("canary", SecretEncryption.newKey());
        assertThrows(RuntimeException.class, () -> config(SecretEncryption.newKey(), "${aes-gcm-nopadding::" + sealed + "}")
                .getValue("roster.signature365.secret", String.class));
    }
}
