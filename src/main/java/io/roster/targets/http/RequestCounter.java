package io.roster.targets.http;

/** Counts a target's requests by what came back: the HTTP status, or "timeout" / "io-error" when nothing did. */
@FunctionalInterface
public interface RequestCounter {

    RequestCounter NONE = outcome -> { };

    void count(String outcome);

    /** Each request counted here and on {@code other} too (e.g. the target's metrics and the run that sent it). */
    default RequestCounter and(RequestCounter other) {
        return outcome -> {
            count(outcome);
            other.count(outcome);
        };
    }
}
