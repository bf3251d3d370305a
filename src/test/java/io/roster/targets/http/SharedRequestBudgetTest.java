package io.roster.targets.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.sim.SignSimulator;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.targets.sign.SignClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Roster processes on one Sign account — each its own client, gate and budget, as two replicas have, sharing only
 * the state database — call the account from eight threads: together they never send more than the budget allows in
 * any window, as the simulator counts what arrives.
 */
@QuarkusTest
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class SharedRequestBudgetTest {

    private static final String KEY = "budget-test-key-41c2";

    @Inject
    StateStore state;

    @Test
    void twoProcessesTogetherStayWithinTheAccountsBudget() throws Exception {
        state.update("forget budgets", "DELETE FROM roster_request_budget");
        SignSimulator sim = new SignSimulator(KEY);
        sim.identicalGetCap(0); // the same page asked for again and again: this test is about the account's budget
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            Duration window = Duration.ofSeconds(1);
            List<SignClient> processes = List.of(client(sim, window), client(sim, window));
            List<CompletableFuture<Void>> work = new ArrayList<>();
            long until = System.currentTimeMillis() + 3_500;
            for (int t = 0; t < 8; t++) {
                SignClient c = processes.get(t % 2);
                work.add(CompletableFuture.runAsync(() -> {
                    while (System.currentTimeMillis() < until) {
                        c.get("groups?pageSize=10");
                    }
                }, threads));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();

            assertTrue(sim.totalCalls() >= 60, "the budget was used over several windows: " + sim.totalCalls());
            assertTrue(sim.mostCallsInAWindow(window) <= 30,
                    "never more than 30 in a second: " + sim.mostCallsInAWindow(window));
        } finally {
            threads.shutdownNow();
            sim.close();
        }
    }

    @Test
    void aBudgetIsWrittenAsRequestsPerWindow() {
        assertEquals(new SharedRequestBudget.Limit(600, Duration.ofMinutes(1)), SharedRequestBudget.parse("600/1m", "x"));
        assertEquals(new SharedRequestBudget.Limit(40, Duration.ofSeconds(10)), SharedRequestBudget.parse(" 40 / 10s ", "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedRequestBudget.parse("600 per minute", "roster.sign.orgs.primary.request-budget"));
        assertTrue(e.getMessage().contains("roster.sign.orgs.primary.request-budget must look like 600/1m"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedRequestBudget.parse("0/1m", "x"));
    }

    private SignClient client(SignSimulator sim, Duration window) {
        RequestBudget budget = new SharedRequestBudget(state, "sign:primary", 30, window, Clock.systemUTC());
        return new SignClient("primary", sim.baseUrl(), KEY, HttpClient.newHttpClient(), Duration.ofSeconds(5),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMinutes(1)),
                new ThrottleGate(Clock.systemUTC(), 0, budget), d -> Thread.sleep(d.toMillis()), new ObjectMapper());
    }
}
