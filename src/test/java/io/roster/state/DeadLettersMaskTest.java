package io.roster.state;

import io.roster.secrets.SecretMask;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A letter's data as stored: secrets masked by SecretMask's policy, long values cut. */
class DeadLettersMaskTest {

    @Test
    void fieldsNamedLikeASecretAreMaskedWholeAndOthersWhereTheyHoldOne() {
        SecretMask.add("letter-secret-51ab");
        Map<String, String> data = new LinkedHashMap<>();
        data.put("email", "ann@example.com");
        data.put("sessionToken", "abc123"); // a name only the old dead-letter pattern caught
        data.put("user_key", "u-77");
        data.put("ldap.password", "pa55word");
        data.put("note", "sent letter-secret-51ab by mistake");

        Map<String, String> stored = DeadLetters.mask(data);

        assertEquals("ann@example.com", stored.get("email"));
        assertEquals(SecretMask.MASK, stored.get("sessionToken"));
        assertEquals(SecretMask.MASK, stored.get("user_key"));
        assertEquals(SecretMask.MASK, stored.get("ldap.password"));
        assertEquals("sent **** by mistake", stored.get("note"));
    }

    @Test
    void longValuesAreCutAndSaySo() {
        Map<String, String> stored = DeadLetters.mask(Map.of("bio", "x".repeat(DeadLetters.MAX_VALUE + 5)));

        String bio = stored.get("bio");
        assertTrue(bio.startsWith("x".repeat(DeadLetters.MAX_VALUE) + "… [cut: " + (DeadLetters.MAX_VALUE + 5)), bio);
    }
}
