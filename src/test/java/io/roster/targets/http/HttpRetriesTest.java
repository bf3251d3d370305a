package io.roster.targets.http;

import io.roster.targets.http.HttpRetries.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one retry loop, against a scripted target: what it sends, how long it waits and what it counts. */
class HttpRetriesTest {

    /** A clock that moves only when the sleeper sleeps, so waits at the gate end without real time passing. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class Failed extends RuntimeException {
        final String kind;

        Failed(String kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }
    }

    private static final HttpRetries.Failures FAILURES = new HttpRetries.Failures() {
        @Override
        public RuntimeException waitTooLong(Duration wait, int status, String code) {
            return new Failed("waitTooLong", wait.toSeconds() + " s, HTTP " + status + " " + code, null);
        }

        @Override
        public RuntimeException stillThrottled(String why, int status, String code) {
            return new Failed("stillThrottled", why, null);
        }

        @Override
        public RuntimeException gaveUp(String why, Exception cause) {
            return new Failed("gaveUp", why, cause);
        }

        @Override
        public RuntimeException interrupted(String why, InterruptedException e) {
            return new Failed("interrupted", why, e);
        }
    };

    private final TestClock clock = new TestClock();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> counted = new ArrayList<>();
    private final List<Duration> throttled = new ArrayList<>();
    private final AtomicInteger budgetTaken = new AtomicInteger();
    private final ThrottleGate gate = new ThrottleGate(clock, 0, budgetTaken::incrementAndGet);
    private final Deque<Object> script = new ArrayDeque<>();
    private int sends;

    private final RequestCounter counter = new RequestCounter() {
        @Override
        public void count(String outcome) {
            counted.add(outcome);
        }

        @Override
        public void throttled(Duration wait) {
            throttled.add(wait);
        }
    };

    private final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.now = clock.now.plus(d);
    };

    /** Backs off 50 to 100 ms; waits what Retry-After says up to a minute. */
    private HttpRetries retries(int attempts) {
        return new HttpRetries(new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMinutes(1)), gate, sleeper, counter, Duration.ofSeconds(5));
    }

    /** Sends the next scripted answer: a status (with "Retry-After: n" when given as "429:n") or an exception. */
    private String call(HttpRetries retries) {
        return retries.call(() -> retries.send(() -> {
            sends++;
            Object next = script.remove();
            if (next instanceof IOException e) {
                throw e;
            }
            String[] s = next.toString().split(":", 2);
            return new Answer(Integer.parseInt(s[0]), s.length > 1 ? Map.of("Retry-After", List.of(s[1])) : Map.of());
        }, e -> new Failed("interrupted", "interrupted", e)), HttpRetriesTest::judge, FAILURES);
    }

    private static Verdict<String> judge(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            return Verdict.throttled(HttpRetries.retryAfter(response), "THROTTLED");
        }
        if (status >= 500) {
            return Verdict.failed("HTTP " + status);
        }
        if (status >= 400) {
            throw new Failed("refused", "HTTP " + status, null);
        }
        return Verdict.done(response.body());
    }

    @Test
    void a429WaitsWhatRetryAfterSaysThenSucceeds() {
        script.addAll(List.of("429:2", "200"));

        assertEquals("answer 200", call(retries(3)));

        assertEquals(2, sends);
        assertEquals(List.of(Duration.ofMillis(2001)), sleeps, "Retry-After, and a millisecond to be past it");
        assertEquals(List.of(Duration.ofSeconds(2)), throttled);
        assertEquals(List.of("429", "200"), counted);
        assertEquals(2, budgetTaken.get(), "every send takes a permit of the account's budget");
    }

    @Test
    void aRetryAfterThatIsNoNumberBacksOffInstead() {
        script.addAll(List.of("429:Wed, 21 Oct 2015 07:28:00 GMT", "200"));

        assertEquals("answer 200", call(retries(3)));

        assertEquals(1, sleeps.size());
        long waited = sleeps.get(0).toMillis();
        assertTrue(waited >= 51 && waited <= 101, "backed off " + waited + " ms");
    }

    @Test
    void aWaitLongerThanAllowedFailsAtOnceWithoutClosingTheGate() {
        script.addAll(List.of("429:120", "200"));

        Failed e = assertThrows(Failed.class, () -> call(retries(3)));

        assertEquals("waitTooLong", e.kind);
        assertEquals("120 s, HTTP 429 THROTTLED", e.getMessage());
        assertEquals(1, sends);
        assertEquals(Duration.ZERO, gate.remaining());
        assertEquals(List.of(), throttled);
    }

    @Test
    void throttledToTheLastAttemptFailsAsStillThrottled() {
        script.addAll(List.of("429:1", "429:1", "200"));

        Failed e = assertThrows(Failed.class, () -> call(retries(2)));

        assertEquals("stillThrottled", e.kind);
        assertEquals("still throttled after 2 attempts", e.getMessage());
        assertEquals(2, sends);
        assertEquals(List.of(Duration.ofMillis(1001)), sleeps);
        assertEquals(Duration.ofSeconds(1), gate.remaining(), "the last 429's wait still holds the account");
    }

    @Test
    void serverErrorsAreRetriedAfterABackOff() {
        script.addAll(List.of("503", "503", "200"));

        assertEquals("answer 200", call(retries(3)));

        assertEquals(3, sends);
        assertEquals(2, sleeps.size());
        sleeps.forEach(d -> assertTrue(d.toMillis() >= 50 && d.toMillis() <= 100, "backed off " + d));
        assertEquals(List.of("503", "503", "200"), counted);
    }

    @Test
    void serverErrorsUntilTheAttemptsAreSpentGiveUp() {
        script.addAll(List.of("503", "503", "503", "200"));

        Failed e = assertThrows(Failed.class, () -> call(retries(3)));

        assertEquals("gaveUp", e.kind);
        assertEquals("HTTP 503, gave up after 3 attempts", e.getMessage());
        assertEquals(3, sends);
        assertEquals(2, sleeps.size(), "no back-off after the last attempt");
    }

    @Test
    void aDroppedConnectionIsRetriedAndCountedAsAnIoError() {
        script.addAll(List.of(new IOException("Connection reset"), "200"));

        assertEquals("answer 200", call(retries(2)));

        assertEquals(2, sends);
        assertEquals(1, sleeps.size());
        assertEquals(List.of("io-error", "200"), counted);
    }

    @Test
    void timeoutsUntilTheAttemptsAreSpentGiveUpNamingTheTimeout() {
        HttpTimeoutException last = new HttpTimeoutException("request timed out");
        script.addAll(List.of(new HttpTimeoutException("request timed out"), last));

        Failed e = assertThrows(Failed.class, () -> call(retries(2)));

        assertEquals("no answer within 5 s, gave up after 2 attempts", e.getMessage());
        assertEquals(last, e.getCause());
        assertEquals(List.of("timeout", "timeout"), counted);
    }

    @Test
    void aRefusalIsNotRetried() {
        script.addAll(List.of("400", "200"));

        Failed e = assertThrows(Failed.class, () -> call(retries(3)));

        assertEquals("refused", e.kind);
        assertEquals(1, sends);
        assertEquals(List.of(), sleeps);
    }

    @Test
    void againSendsAtOnceAsTheSameAttempt() {
        HttpRetries retries = retries(2);
        script.addAll(List.of("409", "503", "503", "200"));
        boolean[] fixed = {false};

        Failed e = assertThrows(Failed.class, () -> retries.call(() -> retries.send(() -> {
            sends++;
            return new Answer(Integer.parseInt(script.remove().toString()), Map.of());
        }, InterruptedIOFailure::new), response -> {
            if (response.statusCode() == 409 && !fixed[0]) {
                fixed[0] = true;
                return Verdict.again();
            }
            return judge(response);
        }, FAILURES));

        assertEquals("HTTP 503, gave up after 2 attempts", e.getMessage(), "the 409 took no attempt");
        assertEquals(3, sends);
        assertEquals(1, sleeps.size(), "and no back-off");
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        HttpRetries retries = new HttpRetries(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMinutes(1)), gate, d -> {
                    throw new InterruptedException();
                }, counter, Duration.ofSeconds(5));
        script.addAll(List.of("503", "200"));

        try {
            Failed e = assertThrows(Failed.class, () -> call(retries));

            assertEquals("interrupted", e.kind);
            assertEquals("interrupted while waiting to retry", e.getMessage());
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aCountingCopyCountsOnBoth() throws IOException {
        List<String> more = new ArrayList<>();
        HttpRetries copy = retries(1).countingAlso(more::add);

        copy.send(() -> new Answer(204, Map.of()), InterruptedIOFailure::new);

        assertEquals(List.of("204"), counted);
        assertEquals(List.of("204"), more);
    }

    private static final class InterruptedIOFailure extends RuntimeException {
        InterruptedIOFailure(InterruptedException e) {
            super(e);
        }
    }

    /** A scripted answer; its body names its status. */
    private record Answer(int statusCode, Map<String, List<String>> headerMap) implements HttpResponse<String> {
        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri()).build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(headerMap, (k, v) -> true);
        }

        @Override
        public String body() {
            return "answer " + statusCode;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return URI.create("http://target.invalid/call");
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
