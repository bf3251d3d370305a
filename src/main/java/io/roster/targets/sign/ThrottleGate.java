package io.roster.targets.sign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shared by every thread that calls one Sign account: once Sign answers 429 with Retry-After, no thread sends
 * another request to that account until the time has passed. Sign throttles per account (and restarts the wait
 * for clients that retry early), so one thread's 429 is everyone's.
 */
public final class ThrottleGate {

    private final AtomicReference<Instant> openAt = new AtomicReference<>(Instant.EPOCH);
    private final Clock clock;

    public ThrottleGate(Clock clock) {
        this.clock = clock;
    }

    public void closeFor(Duration wait) {
        Instant until = clock.instant().plus(wait);
        openAt.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** How long a caller must still wait before sending; zero when the gate is open. */
    public Duration remaining() {
        Duration d = Duration.between(clock.instant(), openAt.get());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
