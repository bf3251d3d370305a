package io.roster.targets.sign;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
