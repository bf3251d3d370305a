package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.run.JobRunner;
import io.roster.run.SyncRun;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.RunHistory;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import jakarta.inject.Inject;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Roster instances sharing one state database (two replicas, or a CronJob and a Deployment) never run the same
 * job at once. The other instance here is a second ShedLock client on its own connection to the same PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(SignSimulators.class)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class JobLockTest {

    @SignSimulators.Primary
    SignSimulator sign;

    @Inject
    JobRunner runner;

    @Inject
    RunHistory history;

    @Inject
    StateStore state;

    JdbcLockProvider otherInstance;

    @BeforeEach
    void clean() {
        sign.reset();
        StateTables.clear(state);
        state.update("release job locks", "DELETE FROM roster_job_lock");
        JobFiles.job(JobFiles.rules("exclude", "100"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(StatePostgres.jdbcUrl());
        ds.setUser("postgres");
        ds.setPassword("postgres");
        otherInstance = new JdbcLockProvider(ds, "roster_job_lock");
    }

    private Optional<SimpleLock> otherTakes(String job) {
        return otherInstance.lock(new LockConfiguration(Instant.now(), "job:" + job, Duration.ofMinutes(5), Duration.ZERO));
    }

    /** Whether the other instance could start the job now (it lets go at once). */
    private boolean otherCouldTake(String job) {
        Optional<SimpleLock> lock = otherTakes(job);
        lock.ifPresent(SimpleLock::unlock);
        return lock.isPresent();
    }

    @Test
    void aJobAnotherInstanceIsRunningIsSkippedHere() {
        SimpleLock other = otherTakes("csv-to-sign").orElseThrow();
        SyncRun skipped = runner.run("csv-to-sign", false);
        assertEquals(2, skipped.exitCode());
        assertTrue(skipped.error().contains("running on another Roster instance"), skipped.error());
        assertNull(sign.user("ann@example.com"), "nothing was written");
        assertEquals(0, history.list("csv-to-sign", 10).size(), "a skipped start is not a run");

        other.unlock();
        SyncRun run = runner.run("csv-to-sign", false);
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertNotNull(sign.user("ann@example.com"));
        assertTrue(otherCouldTake("csv-to-sign"), "the run released the job's lock when it ended");
    }

    @Test
    void whileAJobRunsHereNoOtherInstanceCanStartIt() throws Exception {
        sign.delayWrites(1500);
        CompletableFuture<SyncRun> running = CompletableFuture.supplyAsync(() -> runner.run("csv-to-sign", false));
        long deadline = System.currentTimeMillis() + 10_000;
        while (sign.writeCalls() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(otherCouldTake("csv-to-sign"), "the lock is held while the run goes on");
        assertTrue(otherCouldTake("hr-to-signature365"), "other jobs are not held");
        assertEquals(0, running.get().exitCode());
        assertTrue(otherCouldTake("csv-to-sign"));
    }
}
