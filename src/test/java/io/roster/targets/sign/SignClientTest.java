package io.roster.targets.sign;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.plan.SignOrgState;
import io.roster.plan.SignUser;
import io.roster.sim.SignSimulator;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.ThrottleGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Sign client against the simulator over real HTTP. */
class SignClientTest {

    private static final String KEY = "secret-key-do-not-print";
    private SignSimulator sim;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = new SignSimulator(KEY);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private SignClient client(String key, int attempts) {
        return new SignClient("primary", sim.baseUrl(), key, HttpClient.newHttpClient(), Duration.ofSeconds(5),
                new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(1)),
                new ThrottleGate(Clock.systemUTC()), d -> {
                    waits.add(d);
                    Thread.sleep(d.toMillis());
                }, new ObjectMapper());
    }

    @Test
    void aThrottledCallWaitsWhatRetryAfterSaysThenSucceeds() {
        sim.throttleEvery(2, 1); // the 2nd request (the first after baseUris) is throttled
        SignClient c = client(KEY, 3);

        c.get("users?pageSize=10");

        assertEquals(1, sim.throttled());
        assertEquals(0, sim.earlyCalls(), "no call before Retry-After passed");
        // the wait runs from when the 429 arrived, so the sleep itself may be a hair under Retry-After's 1 s;
        // that no call came early is the simulator's check above
        assertTrue(waits.stream().mapToLong(Duration::toMillis).sum() >= 900, "waited " + waits);
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() {
        sim.failEvery(1);
        SignClient c = client(KEY, 3);

        SignApiException e = assertThrows(SignApiException.class, () -> c.get("users?pageSize=10"));

        assertTrue(e.getMessage().contains("503") && e.getMessage().contains("3 attempts"), e.getMessage());
        assertEquals(3, c.requests());
    }

    @Test
    void aBaseUrlWhereNothingAnswersIsNamedWithItsSetting() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort(); // free once closed: nothing listens there
        }
        SignClient c = new SignClient("primary", "http://127.0.0.1:" + closed, KEY, HttpClient.newHttpClient(),
                Duration.ofSeconds(5), new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMinutes(1)),
                new ThrottleGate(Clock.systemUTC()), d -> Thread.sleep(d.toMillis()), new ObjectMapper());

        SignApiException e = assertThrows(SignApiException.class, () -> c.get("users?pageSize=10"));

        assertTrue(e.getMessage().contains("Sign account primary at http://127.0.0.1:" + closed
                + "/ (roster.sign.orgs.primary.base-url): connection failed (connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
        assertTrue(c.ping().startsWith("Sign account primary at http://127.0.0.1:" + closed + "/"), c.ping());
    }

    @Test
    void clientErrorsAreNotRetriedAndCarrySignsCodeButNeverTheKey() {
        SignClient c = client(KEY, 5);
        c.get("baseUris");
        long before = c.requests();

        SignApiException e = assertThrows(SignApiException.class, () -> c.post("users", Map.of("email", "nope")));

        assertEquals(400, e.status());
        assertEquals("INVALID_EMAIL", e.code());
        assertEquals(1, c.requests() - before);
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void aWrongKeyFailsWithSignsMessage() {
        SignApiException e = assertThrows(SignApiException.class, () -> client("wrong", 3).get("users?pageSize=1"));
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains("wrong"));
    }

    @Test
    void pagingFollowsTheCursorToTheLastPage() {
        for (int i = 0; i < 25; i++) {
            sim.addUser("u" + i + "@x.com", "U", "" + i, null, false, false, "ACTIVE");
        }
        List<String> emails = new CopyOnWriteArrayList<>();
        client(KEY, 3).forEachPage("users", 10, "userInfoList", u -> emails.add(u.text("email")));
        assertEquals(25, emails.size());
        assertEquals(3, sim.calls("GET users"));
    }

    @Test
    void aLookUpPagesNoFurtherThanThePageThatHoldsTheMatch() {
        for (int i = 0; i < 25; i++) {
            sim.addUser("u" + i + "@x.com", "U", "" + i, null, false, false, "ACTIVE");
        }
        SignClient c = client(KEY, 3);

        assertEquals("u12@x.com", c.find("users", 10, "userInfoList", u -> u.text("email").equals("u12@x.com"))
                .orElseThrow().text("email"));
        assertEquals(2, sim.calls("GET users"), "pages 1 and 2, not 3");
        assertTrue(c.find("users", 10, "userInfoList", u -> u.text("email").equals("none@x.com")).isEmpty());
        assertEquals(2 + 3, sim.calls("GET users"), "no match: every page");
    }

    @Test
    void anUnchangedListPageIsAnswered304FromTheKeptCopyAndAChangedOneAfresh() {
        sim.addUser("a@x.com", "A", "One", "Sales", false, false, "ACTIVE");
        SignClient c = client(KEY, 3);
        String first = c.get("users?pageSize=10").toString();

        assertEquals(first, c.get("users?pageSize=10").toString(), "the kept answer");
        assertEquals(1, sim.notModified());
        sim.user("a@x.com").lastName = "Two";
        assertTrue(c.get("users?pageSize=10").toString().contains("Two"), "a changed list is read afresh");
        assertEquals(1, sim.notModified());
        String id = sim.user("a@x.com").id;
        c.get("users/" + id);
        c.get("users/" + id);
        assertEquals(1, sim.notModified(), "a user's detail, read once a window, is not kept");
    }

    @Test
    void aCountingClientCountsItsOwnRequestsAndSharesTheAccessPoint() {
        SignClient c = client(KEY, 3);
        c.get("users?pageSize=1");
        List<String> counted = new CopyOnWriteArrayList<>();

        c.countingAlso(counted::add).get("users?pageSize=1");

        assertEquals(List.of("304"), counted, "only its own request, with what came back: unchanged, so 304");
        assertEquals(1, sim.calls("GET baseUris"), "the access point is asked once per account");
        assertEquals(3, c.requests(), "the account's count has every request");
    }

    @Test
    void theReaderFetchesDetailsOnlyWhenListsLackTheStatus() {
        sim.addUser("a@x.com", "A", "A", "Sales", true, false, "INACTIVE");

        SignOrgState state = new SignStateReader(100).read(client(KEY, 3));

        SignUser a = state.user("a@x.com");
        assertTrue(a.inactive());
        assertEquals("Sales", a.primary().groupName());
        assertTrue(a.primary().groupAdmin());
        assertEquals(1, sim.calls("GET users/{id}"));
    }

    @Test
    void theRateLimitSpacesSendsFromAllThreads() {
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(t0);
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId z) { return this; }
            @Override public java.time.Instant instant() { return now.get(); }
        };
        ThrottleGate gate = new ThrottleGate(clock, 10);
        assertEquals(Duration.ZERO, gate.reserve());
        assertEquals(Duration.ofMillis(100), gate.reserve());
        assertEquals(Duration.ofMillis(200), gate.reserve());
        now.set(t0.plusSeconds(5));
        assertEquals(Duration.ZERO, gate.reserve(), "an idle gate does not bank slots");
        assertEquals(Duration.ZERO, new ThrottleGate(clock).reserve(), "no limit, no wait");
    }

    @Test
    void listEntriesReadScalarsSkipNestedValuesAndTreatNullAsAbsent() throws Exception {
        com.fasterxml.jackson.core.JsonParser p = new ObjectMapper().createParser(
                "{\"id\":\"U1\",\"settings\":{\"id\":\"nested\"},\"tags\":[\"a\",{\"b\":1}],\"company\":null,"
                        + "\"isAccountAdmin\":true,\"count\":3,\"isGroupAdmin\":false}");
        p.nextToken();
        ListEntry e = ListEntry.read(p);
        assertEquals("U1", e.text("id"), "the entry's own id, not the nested one");
        assertEquals(null, e.text("company"));
        assertEquals("none", e.text("company", "none"));
        assertEquals(null, e.text("settings"));
        assertEquals("3", e.text("count"));
        assertTrue(e.bool("isAccountAdmin"));
        assertFalse(e.bool("isGroupAdmin"));
        assertFalse(e.bool("missing"));
        assertEquals(com.fasterxml.jackson.core.JsonToken.END_OBJECT, p.currentToken(), "the parser is left at the entry's end");
    }
}
