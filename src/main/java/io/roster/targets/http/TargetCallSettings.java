package io.roster.targets.http;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** How Roster calls a target service: the same settings for every target, each under its own prefix. */
public interface TargetCallSettings {
    /** Time allowed for one HTTP call, from sending to the last byte of the answer. */
    @WithDefault("30s")
    Duration timeout();

    @WithName("connect-timeout")
    @WithDefault("10s")
    Duration connectTimeout();

    Retry retry();

    @WithName("circuit-breaker")
    CircuitBreaker circuitBreaker();

    /** Most requests per second to one account, all writer threads together; 0 = no limit. */
    @WithName("max-requests-per-second")
    @WithDefault("0")
    double maxRequestsPerSecond();

    interface CircuitBreaker {
        /** The last N calls to an account that are judged. */
        @WithDefault("10")
        int window();

        /** Share of those that failed for good (5xx, timeouts, dropped connections, after retries) that opens it. */
        @WithName("failure-ratio")
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before it lets one through to test the account. */
        @WithDefault("60s")
        Duration delay();
    }

    interface Retry {
        /** Attempts per call, the first included, for 429, 5xx, timeouts and dropped connections. */
        @WithName("max-attempts")
        @WithDefault("6")
        int maxAttempts();

        /** First back-off when the answer gives no Retry-After; doubles per attempt, with jitter. */
        @WithName("initial-backoff")
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithName("max-backoff")
        @WithDefault("30s")
        Duration maxBackoff();

        /** A Retry-After longer than this fails the call instead of stalling the run. */
        @WithName("max-retry-after")
        @WithDefault("5m")
        Duration maxRetryAfter();
    }
}
