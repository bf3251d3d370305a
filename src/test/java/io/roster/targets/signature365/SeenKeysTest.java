package io.roster.targets.signature365;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeenKeysTest {

    @Test
    void remembersEveryKeyThroughGrowthAndTellsRepeats() {
        SeenKeys seen = new SeenKeys();
        for (int i = 0; i < 200_000; i++) {
            assertTrue(seen.add("p" + i + "@example.com"), "first time: p" + i);
        }
        assertEquals(200_000, seen.size());
        for (int i = 0; i < 200_000; i += 997) {
            assertTrue(seen.contains("p" + i + "@example.com"));
            assertFalse(seen.add("p" + i + "@example.com"), "a repeat");
        }
        for (int i = 200_000; i < 210_000; i++) {
            assertFalse(seen.contains("p" + i + "@example.com"), "never added: p" + i);
        }
        assertEquals(200_000, seen.size());
    }

    @Test
    void keysThatDifferOnlyInNonAsciiCharactersDiffer() {
        SeenKeys seen = new SeenKeys();
        seen.add("zoë@example.com");
        assertFalse(seen.contains("zoe@example.com"));
        assertTrue(seen.contains("zoë@example.com"));
    }
}
