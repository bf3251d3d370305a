package io.roster.targets.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The retry loop of every target call: it waits at the account's throttle gate (a running Retry-After, the rate limit,
 * the request budget), sends, counts what came back, and tries again what may be tried again (a throttled answer after
 * its Retry-After; 5xx, timeouts and dropped connections after a back-off) up to the policy's attempts. What an answer
 * means ({@link Verdict}) and the exceptions a call fails with ({@link Failures}) are the target's.
 */
public final class HttpRetries {

    /** One HTTP exchange as the target's client makes it. */
    @FunctionalInterface
    public interface Exchange<B> {
        HttpResponse<B> send() throws IOException, InterruptedException;
    }

    /** One attempt of a call: builds the request and sends it through {@link #send}, so it is counted. */
    @FunctionalInterface
    public interface Attempt<B> {
        HttpResponse<B> send() throws IOException;
    }

    /** The exceptions, and their words, a target's call fails with. */
    public interface Failures {

        /** Throttled with a wait longer than the policy's {@link RetryPolicy#maxRetryAfter()}. */
        RuntimeException waitTooLong(Duration wait, int status, String code);

        /** Still throttled when the attempts are spent; {@code why} says so. */
        RuntimeException stillThrottled(String why, int status, String code);

        /** No useful answer (5xx, timeout, dropped connection) when the attempts are spent; {@code why} says what and how often. */
        RuntimeException gaveUp(String why, Exception cause);

        /** Interrupted while waiting to send or to retry. */
        RuntimeException interrupted(String why, InterruptedException e);

        /** Interrupted while waiting for the account's request budget. */
        default RuntimeException interruptedAtBudget(String why, InterruptedException e) {
            return interrupted(why, e);
        }
    }

    /** What one answer means to the loop. A final refusal is not a verdict: the target's judge throws it. */
    public static final class Verdict<T> {

        private enum Kind { DONE, THROTTLED, FAILED, AGAIN }

        private final Kind kind;
        private final T value;
        private final Optional<Duration> retryAfter;
        private final String code;
        private final String reason;

        private Verdict(Kind kind, T value, Optional<Duration> retryAfter, String code, String reason) {
            this.kind = kind;
            this.value = value;
            this.retryAfter = retryAfter;
            this.code = code;
            this.reason = reason;
        }

        /** The call's result. */
        public static <T> Verdict<T> done(T value) {
            return new Verdict<>(Kind.DONE, value, Optional.empty(), null, null);
        }

        /**
         * The account is throttled: wait {@code retryAfter} (a back-off when the target does not say) and try again.
         * {@code code} is the target's error code, for messages (null: none).
         */
        public static <T> Verdict<T> throttled(Optional<Duration> retryAfter, String code) {
            return new Verdict<>(Kind.THROTTLED, null, retryAfter, code, null);
        }

        /** No useful answer (5xx): back off and try again, or give up saying {@code reason}. */
        public static <T> Verdict<T> failed(String reason) {
            return new Verdict<>(Kind.FAILED, null, Optional.empty(), null, reason);
        }

        /** Send again at once as the same attempt: the judge has put right what was wrong (a moved access point). */
        public static <T> Verdict<T> again() {
            return new Verdict<>(Kind.AGAIN, null, Optional.empty(), null, null);
        }
    }

    private final RetryPolicy retry;
    private final ThrottleGate gate;
    private final Sleeper sleeper;
    private final RequestCounter counter;
    private final Duration timeout;

    /** {@code timeout} is the request timeout the client sets, named when a call gives up for lack of an answer. */
    public HttpRetries(RetryPolicy retry, ThrottleGate gate, Sleeper sleeper, RequestCounter counter, Duration timeout) {
        this.retry = retry;
        this.gate = gate;
        this.sleeper = sleeper;
        this.counter = counter;
        this.timeout = timeout;
    }

    /** The same loop, also counting each request on {@code more}; gate, policy and sleeper are shared. */
    public HttpRetries countingAlso(RequestCounter more) {
        return new HttpRetries(retry, gate, sleeper, counter.and(more), timeout);
    }

    /**
     * One request, not retried, counted by what came back: the status, or "timeout" / "io-error" when nothing did.
     * An interruption restores the thread's flag and raises what {@code interrupted} makes of it.
     */
    public <B> HttpResponse<B> send(Exchange<B> exchange, Function<InterruptedException, RuntimeException> interrupted)
            throws IOException {
        try {
            HttpResponse<B> response = exchange.send();
            counter.count(Integer.toString(response.statusCode()));
            return response;
        } catch (HttpTimeoutException e) {
            counter.count("timeout");
            throw e;
        } catch (IOException e) {
            counter.count("io-error");
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted.apply(e);
        }
    }

    /** Attempts the call until {@code judge} has a result, the attempts are spent, or it throws the target's refusal. */
    public <B, T> T call(Attempt<B> attempt, Function<HttpResponse<B>, Verdict<T>> judge, Failures failures) {
        int attempts = 0;
        while (true) {
            attempts++;
            waitForGate(failures);
            HttpResponse<B> response;
            try {
                response = attempt.send();
            } catch (HttpTimeoutException e) {
                backOffOrFail(attempts, "no answer within " + timeout.toSeconds() + " s", e, failures);
                continue;
            } catch (IOException e) {
                backOffOrFail(attempts, "connection failed (" + ConnectionErrors.describe(e) + ")", e, failures);
                continue;
            }
            Verdict<T> verdict = judge.apply(response);
            switch (verdict.kind) {
                case DONE -> {
                    return verdict.value;
                }
                case THROTTLED -> throttled(attempts, response.statusCode(), verdict, failures);
                case FAILED -> backOffOrFail(attempts, verdict.reason, null, failures);
                case AGAIN -> attempts--;
            }
        }
    }

    /**
     * Closes the account's gate for the wait the target asks (a back-off when it does not say): every thread's next
     * attempt waits it out, as the target throttles the account, not the request.
     */
    private void throttled(int attempts, int status, Verdict<?> verdict, Failures failures) {
        Duration wait = verdict.retryAfter.orElse(retry.backoff(attempts));
        if (wait.compareTo(retry.maxRetryAfter()) > 0) {
            throw failures.waitTooLong(wait, status, verdict.code);
        }
        gate.closeFor(wait);
        counter.throttled(wait);
        if (!retry.canRetry(attempts)) {
            throw failures.stillThrottled("still throttled after " + attempts + " attempts", status, verdict.code);
        }
    }

    /**
     * A throttled answer inside a request that itself succeeded (one of a batch's): the account's gate closes for the
     * wait and it is counted, as for a throttled request, so every thread's next attempt waits it out.
     */
    public void throttledWithin(Duration wait, int status, String code, Failures failures) {
        if (wait.compareTo(retry.maxRetryAfter()) > 0) {
            throw failures.waitTooLong(wait, status, code);
        }
        gate.closeFor(wait);
        counter.throttled(wait);
    }

    /** The Retry-After header in seconds; empty when absent or not a number (the targets send no HTTP-date). */
    public static Optional<Duration> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(v -> Duration.ofSeconds(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits until no Retry-After is running (another thread's 429 may extend the wait while this one sleeps), then
     * for this request's slot under the rate limit, then for a permit of the account's request budget.
     */
    private void waitForGate(Failures failures) {
        Duration wait;
        while (!(wait = gate.remaining()).isZero()) {
            sleep(wait.plusMillis(1), failures);
        }
        Duration slot = gate.reserve();
        if (!slot.isZero()) {
            sleep(slot, failures);
        }
        try {
            gate.budget().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.interruptedAtBudget("interrupted while waiting for the account's request budget", e);
        }
    }

    private void backOffOrFail(int attempts, String reason, Exception cause, Failures failures) {
        if (!retry.canRetry(attempts)) {
            throw failures.gaveUp(reason + ", gave up after " + attempts + " attempts", cause);
        }
        sleep(retry.backoff(attempts), failures);
    }

    private void sleep(Duration d, Failures failures) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.interrupted("interrupted while waiting to retry", e);
        }
    }
}
