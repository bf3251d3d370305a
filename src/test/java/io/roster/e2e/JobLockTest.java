package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.JobLockSettings;
import io.roster.state.JobLockTable;
import io.roster.state.JobLocks;
import io.roster.state.RunHistory;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;
import net.javacrumbs.shedlock.support.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Roster instances sharing one state database (two replicas, or a CronJob and a Deployment) never run the same
 * job at once. The other instance here is a second ShedLock client on its own connection to the same PostgreSQL, or
 * a second {@link JobLocks}, as another Roster process on the same host makes at its start.
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

    @Inject
    JobLocks locks;

    @Inject
    JobLockSettings config;

    JdbcLockProvider otherInstance;

    @BeforeEach
    void clean() {
        sign.reset();
        StateTables.clear(state);
        // Every lock lapsed, its row kept: a ShedLock client remembers the rows it made and only updates them after.
        state.update("release job locks", "UPDATE roster_job_lock SET lock_until = ?", Instant.now().minusSeconds(1));
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

    private String lockedBy(String job) {
        return state.query("read the lock's holder", "SELECT locked_by FROM roster_job_lock WHERE name = ?",
                rs -> rs.getString(1), "job:" + job).get(0);
    }

    private Instant lockedUntil(String job) {
        return state.query("read the lock's end", "SELECT lock_until FROM roster_job_lock WHERE name = ?",
                rs -> StateStore.instant(rs, "lock_until"), "job:" + job).get(0);
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
        RunReport skipped = runner.run("csv-to-sign", false);
        assertEquals(2, skipped.exitCode());
        assertTrue(skipped.error().contains("running on another Roster instance"), skipped.error());
        assertNull(sign.user("ann@example.com"), "nothing was written");
        assertEquals(0, history.list("csv-to-sign", 10).size(), "a skipped start is not a run");

        other.unlock();
        RunReport run = runner.run("csv-to-sign", false);
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertNotNull(sign.user("ann@example.com"));
        assertTrue(otherCouldTake("csv-to-sign"), "the run released the job's lock when it ended");
    }

    @Test
    void whileAJobRunsHereNoOtherInstanceCanStartIt() throws Exception {
        sign.delayWrites(1500);
        CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(() -> runner.run("csv-to-sign", false));
        long deadline = System.currentTimeMillis() + 10_000;
        while (sign.writeCalls() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(otherCouldTake("csv-to-sign"), "the lock is held while the run goes on");
        assertTrue(otherCouldTake("hr-to-signature365"), "other jobs are not held");
        assertEquals(0, running.get().exitCode());
        assertTrue(otherCouldTake("csv-to-sign"));
    }

    /**
     * Two Roster processes on one host and one state database: the second starts while the first runs a job. It
     * leaves the first's lock alone, though the lock is its own host's, and skips the running job.
     */
    @Test
    void aSecondProcessOnTheSameHostLeavesARunningJobsLockAloneAndSkipsTheJob() {
        assertTrue(locks.acquire("csv-to-sign"));
        try {
            JobLocks second = new JobLocks(state, config);

            assertEquals(locks.holder(), lockedBy("csv-to-sign"), "the first's lock is still there, still the first's");
            assertFalse(second.acquire("csv-to-sign"), "the second skips the job the first is running");
            second.release("csv-to-sign");
            assertFalse(otherCouldTake("csv-to-sign"), "the first still holds its lock");
            assertTrue(second.acquire("hr-to-signature365"), "other jobs are free");
            second.release("hr-to-signature365");
        } finally {
            locks.release("csv-to-sign");
        }
        assertTrue(otherCouldTake("csv-to-sign"), "released by its holder");
    }

    @Test
    void aLockNamesTheInstanceThatHoldsItNotJustTheHost() {
        assertTrue(locks.acquire("csv-to-sign"));
        try {
            String holder = lockedBy("csv-to-sign");
            assertEquals(locks.holder(), holder);
            assertTrue(holder.startsWith(Utils.getHostname() + " (pid " + ProcessHandle.current().pid() + ", "), holder);
            assertNotEquals(holder, new JobLocks(state, config).holder(), "each start is a holder of its own");
        } finally {
            locks.release("csv-to-sign");
        }
    }

    /** A holder that died stops renewing its lock: once it has lapsed, a start on the same host takes the job. */
    @Test
    void aLockWhoseHolderIsGoneIsTakenOverOnceItHasLapsed() {
        assertTrue(otherCouldTake("csv-to-sign")); // the lock's row exists
        String gone = Utils.getHostname() + " (pid 1, 0dead000)";
        state.update("a lock its holder left when it died", "UPDATE roster_job_lock SET lock_until = ?, locked_by = ?"
                + " WHERE name = 'job:csv-to-sign'", Instant.now().plusSeconds(60), gone);
        assertFalse(locks.acquire("csv-to-sign"), "not before it lapses: its holder may be alive");

        lapse("csv-to-sign");
        RunReport run = runner.run("csv-to-sign", false);
        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertNotNull(sign.user("ann@example.com"));
    }

    /**
     * The storage in the holder's name: a lock is renewed by its holder only, and released by its holder only, so
     * a holder whose lock lapsed (a stalled process) and was taken over neither renews nor frees the new holder's.
     */
    @Test
    void onlyTheHolderRenewsOrReleasesItsLock() {
        ExtensibleLockProvider first = JobLockTable.provider(state, "host-a (pid 7, aaaa0000)");
        ExtensibleLockProvider second = JobLockTable.provider(state, "host-a (pid 7, bbbb0000)");
        SimpleLock firsts = first.lock(lease("csv-to-sign")).orElseThrow();
        assertTrue(second.lock(lease("csv-to-sign")).isEmpty());

        SimpleLock renewed = firsts.extend(Duration.ofMinutes(5), Duration.ZERO).orElseThrow();
        assertTrue(lockedUntil("csv-to-sign").isAfter(Instant.now().plusSeconds(240)), "the holder renews its lock");

        lapse("csv-to-sign");
        SimpleLock seconds = second.lock(lease("csv-to-sign")).orElseThrow();
        renewed.unlock();
        assertEquals("host-a (pid 7, bbbb0000)", lockedBy("csv-to-sign"));
        assertFalse(otherCouldTake("csv-to-sign"), "the first's release left the second's lock alone");
        seconds.unlock();
        assertTrue(otherCouldTake("csv-to-sign"));

        SimpleLock stalled = first.lock(lease("hr-to-signature365")).orElseThrow();
        lapse("hr-to-signature365");
        SimpleLock taken = second.lock(lease("hr-to-signature365")).orElseThrow();
        assertTrue(stalled.extend(Duration.ofMinutes(5), Duration.ZERO).isEmpty(), "a lock taken over is not renewed");
        assertEquals("host-a (pid 7, bbbb0000)", lockedBy("hr-to-signature365"));
        taken.unlock();
    }

    private static LockConfiguration lease(String job) {
        return new LockConfiguration(Instant.now(), "job:" + job, Duration.ofSeconds(30), Duration.ZERO);
    }

    /** As if its holder had stalled past its lease. */
    private void lapse(String job) {
        state.update("let the lock lapse", "UPDATE roster_job_lock SET lock_until = ? WHERE name = ?",
                Instant.now().minusSeconds(1), "job:" + job);
    }
}
