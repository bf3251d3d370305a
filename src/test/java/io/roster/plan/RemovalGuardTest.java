package io.roster.plan;

import io.roster.state.RemovalBaseline;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemovalGuardTest {

    private static Optional<RemovalBaseline> base(long people) {
        return Optional.of(new RemovalBaseline(people, "run r1", Instant.EPOCH));
    }

    @Test
    void aShareIsOfTheBaseline() {
        RemovalGuard g = RemovalGuard.parse("20%", false);
        assertTrue(g.withhold(RemovalGuard.SourceRead.of(800), base(1000), "j").isEmpty(), "exactly 20 % fewer is allowed");
        assertTrue(g.withhold(RemovalGuard.SourceRead.of(799), base(1000), "j").isPresent());
        assertTrue(g.withhold(RemovalGuard.SourceRead.of(5000), base(1000), "j").isEmpty(), "growth is never a drop");
        String why = g.withhold(RemovalGuard.SourceRead.of(799), base(1000), "hr").get();
        assertTrue(why.contains("799 people, 201 fewer than the 1000 of run r1"), why);
        assertTrue(why.contains("roster.safety.accept-source-size=799 with roster.jobs=hr"), why);
        assertTrue(why.contains("POST /roster/jobs/hr/accept-source-size?people=799"), why);
    }

    @Test
    void aCountIsAbsolute() {
        RemovalGuard g = RemovalGuard.parse(" 50 ", false);
        assertTrue(g.withhold(RemovalGuard.SourceRead.of(50), base(100), "j").isEmpty());
        assertTrue(g.withhold(RemovalGuard.SourceRead.of(49), base(100), "j").isPresent());
        assertEquals("50", g.toString());
    }

    @Test
    void anEmptyOrPartialReadWithholdsEvenWithoutABaseline() {
        RemovalGuard g = RemovalGuard.parse("100%", false);
        assertEquals("the source returned nobody", g.withhold(RemovalGuard.SourceRead.of(0), Optional.empty(), "j").orElseThrow());
        assertEquals("the source read is not complete", g.withhold(RemovalGuard.SourceRead.of(null), base(10), "j").orElseThrow());
        assertTrue(g.withhold(RemovalGuard.SourceRead.of(1), Optional.empty(), "j").isEmpty(), "the first clean run has nothing to compare with");
        assertTrue(g.withhold(RemovalGuard.SourceRead.of(1), base(1000), "j").isEmpty(), "a 100 % limit lets any non-empty source through");
    }

    @Test
    void aRejectedRecordWithholdsRemovalsUnlessTheAdminAllowsThem() {
        RemovalGuard strict = RemovalGuard.parse("100%", false);
        String why = strict.withhold(new RemovalGuard.SourceRead(999, null, 1), base(1000), "j").orElseThrow();
        assertTrue(why.startsWith("1 source record was rejected"), why);
        assertTrue(why.contains("roster.safety.removals-despite-rejections=true"), why);
        assertTrue(strict.withhold(new RemovalGuard.SourceRead(999, null, 0), base(1000), "j").isEmpty());

        RemovalGuard lenient = RemovalGuard.parse("100%", true);
        assertTrue(lenient.withhold(new RemovalGuard.SourceRead(999, null, 3), base(1000), "j").isEmpty());
        String cut = lenient.withhold(new RemovalGuard.SourceRead(999, "a quote opens on line 7", 3), base(1000), "j")
                .orElseThrow();
        assertEquals("the source read is not complete (a quote opens on line 7)", cut,
                "a read that stopped early withholds whatever the setting");
    }

    @Test
    void aBadLimitIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemovalGuard.parse("lots", false));
        assertTrue(e.getMessage().contains("roster.safety.max-source-drop") && e.getMessage().contains("'lots'"));
        assertThrows(IllegalArgumentException.class, () -> RemovalGuard.parse("120%", false));
    }
}
