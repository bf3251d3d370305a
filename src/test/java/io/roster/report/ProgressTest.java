package io.roster.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void saysDoneOfTotalTheRateAndTheTimeLeftAtMostOncePerInterval() {
        Progress p = new Progress(T0, Duration.ofSeconds(10));
        assertEquals(Optional.empty(), p.due(500, 10_000L, "changes applied", T0.plusSeconds(5)), "not yet due");
        assertEquals(Optional.of("2,000 of 10,000 changes applied (200/s), about 40 s left"),
                p.due(2_000, 10_000L, "changes applied", T0.plusSeconds(10)));
        assertEquals(Optional.empty(), p.due(2_100, 10_000L, "changes applied", T0.plusSeconds(15)), "once per interval");
        assertEquals(Optional.of("3,000 of 10,000 changes applied (150/s), about 47 s left"),
                p.due(3_000, 10_000L, "changes applied", T0.plusSeconds(20)));
    }

    @Test
    void aStreamedSourceHasNoTotalAndNoTimeLeft() {
        Progress p = new Progress(T0, Duration.ofSeconds(10));
        assertEquals(Optional.of("120,000 people read (4,000/s)"), p.due(120_000, null, "people read", T0.plusSeconds(30)));
    }

    @Test
    void longWaitsAreInMinutesAndHours() {
        assertEquals("5 min", Progress.human(Duration.ofSeconds(300)));
        assertEquals("2.5 h", Progress.human(Duration.ofMinutes(150)));
        assertTrue(new Progress(T0, Duration.ZERO).due(1, 2L, "x", T0.plusSeconds(60)).isEmpty(), "an interval of 0 is off");
    }
}
