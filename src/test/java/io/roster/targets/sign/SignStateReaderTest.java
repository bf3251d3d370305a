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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading an account's state with the member lists on other threads, against the simulator over real HTTP. */
class SignStateReaderTest {

    private static final String KEY = "reader-test-key";
    private SignSimulator sim;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void start() throws Exception {
        sim = new SignSimulator(KEY);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        sim.close();
    }

    private SignClient client(int attempts) {
        return new SignClient("primary", sim.baseUrl(), KEY, HttpClient.newHttpClient(), Duration.ofSeconds(5),
                new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMinutes(1)),
                new ThrottleGate(Clock.systemUTC()), d -> Thread.sleep(d.toMillis()), new ObjectMapper());
    }

    @Test
    void membershipsReadInParallelKeepTheAccountsGroupOrder() {
        List<String> groups = List.of("Sales", "Finance", "Legal", "Ops");
        groups.forEach(g -> sim.addGroup(g, false));
        for (int i = 0; i < 60; i++) {
            SignSimulator.User u = sim.addUser("u" + i + "@x.com", "U", "" + i, groups.get(i % 4), i % 5 == 0, false, "ACTIVE");
            // every third user is also a member of each group after their primary one
            if (i % 3 == 0) {
                for (String g : groups.subList(i % 4 + 1, 4)) {
                    u.groups.put(sim.groupNamed(g).id(), new boolean[]{false, false});
                }
            }
        }

        SignOrgState state = new SignStateReader(7, pool).read(client(1));

        assertEquals(60, state.users().size());
        for (int i = 0; i < 60; i++) {
            SignUser u = state.user("u" + i + "@x.com");
            assertEquals(groups.get(i % 4), u.primary().groupName(), u.email());
            assertEquals(i % 5 == 0, u.primary().groupAdmin(), u.email());
            List<String> names = u.memberships().stream().map(SignUser.Membership::groupName).toList();
            List<String> expected = i % 3 == 0 ? groups.subList(i % 4, 4) : List.of(groups.get(i % 4));
            assertEquals(expected, names, "memberships of " + u.email() + ", in the account's group order");
        }
    }

    @Test
    void aFailedPageOfAnyListFailsTheWholeReadAndNoListGoesOnCalling() throws Exception {
        for (int i = 0; i < 40; i++) {
            sim.addUser("u" + i + "@x.com", "U", "" + i, i % 2 == 0 ? "Sales" : "Legal", false, false, "ACTIVE");
        }
        sim.failEvery(6); // baseUris and groups pass; one page of the user or a member list is refused, not retried

        SignClient client = client(1);
        assertThrows(SignUnavailableException.class, () -> new SignStateReader(5, pool).read(client));

        long calls = sim.totalCalls();
        Thread.sleep(300);
        assertEquals(calls, sim.totalCalls(), "every list had stopped when the read gave up");
    }

    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void onTheDocumentedShapesOnlyWhatNeitherTheListsNorMemoryTellIsReadInDetail() {
        SignSimulator.User one = sim.addUser("one@x.com", "O", "Ne", "Sales", false, false, "ACTIVE");
        SignSimulator.User multi = sim.addUser("multi@x.com", "M", "Ulti", "Legal", true, false, "ACTIVE");
        multi.groups.put(sim.groupNamed("Sales").id(), new boolean[] {false, false});
        SignSimulator.User known = sim.addUser("known@x.com", "K", "Nown", "Sales", false, false, "INACTIVE");
        Instant now = Instant.now();
        Map<String, SignUserFact> memory = Map.of(known.id,
                new SignUserFact(known.id, "INACTIVE", sim.groupNamed("Sales").id(), now.minus(Duration.ofHours(1))));

        SignStateReader.Read read = new SignStateReader(100, pool).read(client(1), memory, now, DAY);

        assertEquals(2, sim.calls("GET users/{id}"), "one and multi: nothing told their status");
        assertEquals(2, read.detailsRead());
        assertEquals(Set.of(one.id, multi.id), read.learned().stream().map(SignUserFact::userId).collect(Collectors.toSet()));
        SignOrgState state = read.state();
        assertEquals("Legal", state.user("multi@x.com").primary().groupName(), "the detail's primaryGroupId");
        assertTrue(state.user("multi@x.com").primary().groupAdmin());
        assertEquals(2, state.user("multi@x.com").memberships().size());
        assertTrue(state.user("known@x.com").inactive(), "from memory, without a call");
        assertEquals("Sales", state.user("one@x.com").primary().groupName());
        assertFalse(state.user("one@x.com").inactive());
        assertTrue(read.drifted().isEmpty());
    }

    @Test
    void aFactDueForReCheckIsReadAgainAndWhatChangedInSignIsReported() {
        SignSimulator.User due = sim.addUser("due@x.com", "D", "Ue", "Sales", false, false, "INACTIVE");
        SignSimulator.User fresh = sim.addUser("fresh@x.com", "F", "Resh", "Sales", false, false, "INACTIVE");
        String sales = sim.groupNamed("Sales").id();
        Instant now = Instant.now();
        // both were ACTIVE when Roster last looked; someone deactivated both in Sign since
        Map<String, SignUserFact> memory = Map.of(
                due.id, new SignUserFact(due.id, "ACTIVE", sales, now.minus(Duration.ofHours(25))),
                fresh.id, new SignUserFact(fresh.id, "ACTIVE", sales, now.minus(Duration.ofHours(1))));

        SignStateReader.Read read = new SignStateReader(100, pool).read(client(1), memory, now, DAY);

        assertEquals(1, sim.calls("GET users/{id}"), "only the fact older than the window is read again");
        assertEquals(List.of("due@x.com: status ACTIVE → INACTIVE"), read.drifted());
        assertTrue(read.state().user("due@x.com").inactive());
        assertFalse(read.state().user("fresh@x.com").inactive(), "found within the window, not before");
    }

    @Test
    void reChecksOfAnAccountReadAtOnceSpreadOverTheWindow() {
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        long dueBy12h = 0;
        long dueBy24h = 0;
        for (int i = 0; i < 1000; i++) {
            SignUserFact f = new SignUserFact("user-" + i, "ACTIVE", "g", then);
            assertFalse(f.due(then.plus(Duration.ofHours(11)), DAY), "none within half the window");
            dueBy12h += f.due(then.plus(Duration.ofHours(18)), DAY) ? 1 : 0;
            dueBy24h += f.due(then.plus(Duration.ofHours(24)).plusSeconds(1), DAY) ? 1 : 0;
        }
        assertEquals(1000, dueBy24h, "every user within the window");
        assertTrue(dueBy12h > 350 && dueBy12h < 650, "about half by three quarters of it: " + dueBy12h);
    }

    @Test
    void aRicherListShapeIsUsedWhenPresentNeverNeeded() {
        sim.richLists(true);
        sim.addGroup("Sales", false);
        SignSimulator.User multi = sim.addUser("multi@x.com", "M", "Ulti", "Legal", false, false, "INACTIVE");
        multi.groups.put(sim.groupNamed("Sales").id(), new boolean[] {false, false});

        SignStateReader.Read read = new SignStateReader(100, pool).read(client(1), Map.of(), Instant.now(), DAY);

        assertEquals(0, sim.calls("GET users/{id}"));
        assertEquals("Legal", read.state().user("multi@x.com").primary().groupName());
        assertTrue(read.state().user("multi@x.com").inactive());
    }
}
