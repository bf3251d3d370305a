package io.roster.targets.signature365;

import io.roster.state.Json;
import io.roster.state.StoredValues;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentHashesTest {

    static String hashOf(int i) {
        return StoredValues.of(Map.of("LastName", "Number" + i)).hash();
    }

    static long prefixOf(int i) {
        return Json.prefix(Json.digest(Map.of("LastName", "Number" + i)));
    }

    @Test
    void keepsEachPersonsLastHashThroughGrowth() {
        SentHashes sent = new SentHashes();
        for (int i = 0; i < 100_000; i++) {
            sent.put("p" + i + "@example.com", hashOf(i));
        }
        assertEquals(100_000, sent.size());
        for (int i = 0; i < 100_000; i += 641) {
            assertTrue(sent.has("p" + i + "@example.com"));
            assertTrue(sent.sameAs("p" + i + "@example.com", prefixOf(i)));
            assertFalse(sent.sameAs("p" + i + "@example.com", prefixOf(i + 1)), "another person's values");
        }
        assertFalse(sent.has("p100000@example.com"));
        assertFalse(sent.sameAs("p100000@example.com", prefixOf(100_000)), "never sent: not unchanged, whatever the hash");
    }

    @Test
    void aNewSendReplacesTheOldHash() {
        SentHashes sent = new SentHashes();
        sent.put("ann@example.com", hashOf(1));
        sent.put("ann@example.com", hashOf(2));
        assertEquals(1, sent.size());
        assertTrue(sent.sameAs("ann@example.com", prefixOf(2)));
        assertFalse(sent.sameAs("ann@example.com", prefixOf(1)));
    }

    @Test
    void aMalformedStoredHashMatchesNothing() {
        SentHashes sent = new SentHashes();
        sent.put("ann@example.com", "not-a-hash");
        sent.put("bob@example.com", null);
        assertTrue(sent.has("ann@example.com"), "still sent before: its row is read when it differs");
        assertFalse(sent.sameAs("ann@example.com", prefixOf(1)));
        assertFalse(sent.sameAs("bob@example.com", prefixOf(1)));
    }
}
