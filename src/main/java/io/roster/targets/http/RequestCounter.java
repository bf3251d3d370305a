package io.roster.targets.http;

import java.time.Duration;

/**
 * Counts a target's requests by what came back: the HTTP status, or "timeout" / "io-error" when nothing did; and hears
 * when the target throttles the account, so a run can say why it is waiting.
 */
@FunctionalInterface
public interface RequestCounter {

    RequestCounter NONE = outcome -> { };

    void count(String outcome);

    /** The target asked the whole account to wait this long (429 Retry-After, high system load). */
    default void throttled(Duration wait) {
    }

    /** Each request counted here and on {@code other} too (e.g. the target's metrics and the run that sent it). */
    default RequestCounter and(RequestCounter other) {
        RequestCounter self = this;
        return new RequestCounter() {
            @Override
            public void count(String outcome) {
                self.count(outcome);
                other.count(outcome);
            }

            @Override
            public void throttled(Duration wait) {
                self.throttled(wait);
                other.throttled(wait);
            }
        };
    }
}
