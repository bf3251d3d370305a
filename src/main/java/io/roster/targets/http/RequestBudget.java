package io.roster.targets.http;

/** Waits, when it must, until the account's budget allows one more request; then the request may be sent. */
@FunctionalInterface
public interface RequestBudget {

    RequestBudget NONE = () -> { };

    void acquire() throws InterruptedException;
}
