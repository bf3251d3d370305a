package io.roster.targets.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a target call again and how long to wait: a throttled call waits what Retry-After says (Adobe
 * penalises early retries); 5xx, timeouts and dropped connections back off exponentially with jitter.
 * Every call has a bounded number of attempts.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry.max-attempts must be at least 1");
        }
    }

    /** Back-off before attempt {@code attempt + 1} after {@code attempt} failures: half fixed, half random. */
    public Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, 1), maxBackoff.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    public boolean canRetry(int attempt) {
        return attempt < maxAttempts;
    }
}
