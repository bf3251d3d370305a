package io.roster.targets.sign;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two jobs (or replicas) on one Sign account remember what they learned of the same users at the same moment: neither
 * fails on the other's rows, and each user is remembered once.
 */
@QuarkusTest
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class SignUserMemoryTest {

    @Inject
    StateStore state;

    @Test
    void twoWritersOfTheSameUsersAtOnceNeitherFail() {
        state.update("forget Sign users", "DELETE FROM roster_sign_user");
        SignUserMemory memory = new SignUserMemory(state);
        List<SignUserFact> facts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            facts.add(new SignUserFact("u" + i, "ACTIVE", "g1", System.currentTimeMillis()));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Integer>> writers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                writers.add(CompletableFuture.supplyAsync(() -> {
                    int remembered = 0;
                    for (int round = 0; round < 25; round++) {
                        remembered += memory.save("primary", facts) ? 1 : 0;
                    }
                    return remembered;
                }, threads));
            }
            for (CompletableFuture<Integer> w : writers) {
                assertEquals(25, w.join(), "every save remembered, the other writer's rows replaced");
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(200, memory.load("primary").size());
    }
}
