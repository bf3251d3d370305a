package io.roster.targets.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shared by every thread that calls one target account: once it answers 429 with Retry-After, no thread sends
 * another request to that account until the time has passed. Targets throttle per account (Sign restarts the wait
 * for clients that retry early), so one thread's 429 is everyone's.
 */
public final class ThrottleGate {

    private final AtomicReference<Instant> openAt = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<Instant> nextSlot = new AtomicReference<>(Instant.EPOCH);
    private final Clock clock;
    private final Duration interval;
    private final RequestBudget budget;

    public ThrottleGate(Clock clock) {
        this(clock, 0);
    }

    /** With a request-rate limit: at most {@code maxPerSecond} sends per second from all threads; 0 = none. */
    public ThrottleGate(Clock clock, double maxPerSecond) {
        this(clock, maxPerSecond, RequestBudget.NONE);
    }

    /** With the account's request budget, shared with every other process that calls it, as well. */
    public ThrottleGate(Clock clock, double maxPerSecond, RequestBudget budget) {
        this.clock = clock;
        this.interval = maxPerSecond > 0 ? Duration.ofNanos((long) (1_000_000_000L / maxPerSecond)) : Duration.ZERO;
        this.budget = budget;
    }

    /** The account's request budget: a send waits for one of its permits. */
    public RequestBudget budget() {
        return budget;
    }

    /** Takes the caller's send slot under the rate limit; returns how long to wait for it (zero without a limit). */
    public Duration reserve() {
        if (interval.isZero()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        Instant slot = nextSlot.getAndAccumulate(now, (next, n) -> (next.isAfter(n) ? next : n).plus(interval));
        Instant mine = slot.isAfter(now) ? slot : now;
        return Duration.between(now, mine);
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
