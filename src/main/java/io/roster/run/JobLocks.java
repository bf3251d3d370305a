package io.roster.run;

import io.roster.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import net.javacrumbs.shedlock.support.Utils;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * At most one Roster instance runs a job at a time, across replicas and processes sharing the state database: a
 * ShedLock lock per job, taken when a run begins and released when it ends. While the run lasts, ShedLock's keep-alive
 * extends the lock every half lease ({@code roster.job-lock.lease}); a holder that dies loses it after one lease.
 */
@ApplicationScoped
public class JobLocks {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    static final String TABLE = "roster_job_lock";

    private final LockProvider locks;
    private final Duration lease;
    private final Map<String, SimpleLock> held = new ConcurrentHashMap<>();

    public JobLocks(StateStore state, RosterConfig config) {
        ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roster-job-lock-keep-alive");
            t.setDaemon(true);
            return t;
        });
        this.locks = new KeepAliveLockProvider(new JdbcLockProvider(state.dataSource(), TABLE), keepAlive);
        this.lease = config.jobLock().lease();
        // A lock this host held when its process died (a container restarted in its pod, a service restarted on its
        // machine) would otherwise block the job for one lease: nothing of this host runs yet, so it is stale.
        int stale = state.update("release this host's stale job locks", "DELETE FROM " + TABLE + " WHERE locked_by = ?"
                + " AND lock_until > ?", Utils.getHostname(), Instant.now());
        if (stale > 0) {
            LOG.infof("released %d job locks this host held before it restarted", stale);
        }
    }

    /** Takes the job's lock; false when another instance holds it. */
    public boolean acquire(String job) {
        Optional<SimpleLock> lock = locks.lock(new LockConfiguration(Instant.now(), "job:" + job, lease, Duration.ZERO));
        lock.ifPresent(l -> held.put(job, l));
        return lock.isPresent();
    }

    public void release(String job) {
        SimpleLock lock = held.remove(job);
        if (lock != null) {
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                LOG.warnf("job %s: could not release its lock (%s); it lapses within %s", job, e.getMessage(), lease);
            }
        }
    }
}
