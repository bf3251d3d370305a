package io.roster.plan;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceDropCheckTest {

    @Test
    void aShareIsOfTheLastCount() {
        SourceDropCheck c = SourceDropCheck.parse("20%");
        assertTrue(c.check(1000, 800).isEmpty(), "exactly 20 % fewer is allowed");
        assertTrue(c.check(1000, 799).isPresent());
        assertTrue(c.check(1000, 5000).isEmpty(), "growth is never a drop");
        assertTrue(c.check(1000, 799).get().contains("799 people, 201 fewer than the 1000"));
    }

    @Test
    void aCountIsAbsolute() {
        SourceDropCheck c = SourceDropCheck.parse(" 50 ");
        assertTrue(c.check(100, 50).isEmpty());
        assertTrue(c.check(100, 49).isPresent());
        assertEquals("50", c.toString());
    }

    @Test
    void aBadLimitIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceDropCheck.parse("lots"));
        assertTrue(e.getMessage().contains("roster.safety.max-source-drop") && e.getMessage().contains("'lots'"));
        assertThrows(IllegalArgumentException.class, () -> SourceDropCheck.parse("120%"));
    }
}
