package io.roster.targets.http;

/** Counts a target's requests by what came back: the HTTP status, or "timeout" / "io-error" when nothing did. */
@FunctionalInterface
public interface RequestCounter {

    RequestCounter NONE = outcome -> { };

    void count(String outcome);
}
