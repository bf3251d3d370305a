package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import net.javacrumbs.shedlock.support.Utils;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * At most one Roster instance runs a job at a time, across replicas and processes sharing the state database: a
 * ShedLock lock per job, taken when a run begins and released when it ends. The lock names its holder, this
 * instance (host, process, a random id per start), not just the host. While the run lasts, ShedLock's keep-alive
 * extends the lock every half lease ({@code roster.job-lock.lease}); a holder that dies stops extending it, and it
 * lapses after one lease. Nothing else releases a lock: a start never takes one over that is still being renewed,
 * not even a lock of its own host, which may be another live Roster process there.
 */
@ApplicationScoped
public class JobLocks {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    /** What locked_by holds at most. */
    private static final int HOLDER_WIDTH = 255;
    /** ShedLock's keep-alive renews no shorter lock: renewing every half lease must not race its end. */
    private static final Duration SHORTEST_LEASE = Duration.ofSeconds(30);

    private final LockProvider locks;
    private final Duration lease;
    private final String holder;
    private final Map<String, SimpleLock> held = new ConcurrentHashMap<>();

    public JobLocks(StateStore state, JobLockSettings config) {
        ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roster-job-lock-keep-alive");
            t.setDaemon(true);
            return t;
        });
        this.holder = holder(Utils.getHostname(), ProcessHandle.current().pid());
        this.locks = new KeepAliveLockProvider(JobLockTable.provider(state, holder), keepAlive);
        this.lease = config.lease();
        if (lease.compareTo(SHORTEST_LEASE) < 0) {
            throw new IllegalStateException("roster.job-lock.lease is " + lease.toSeconds() + "s: it must be at least "
                    + SHORTEST_LEASE.toSeconds() + "s, as the lock is renewed every half lease");
        }
        LOG.debugf("job locks are held as %s", holder);
    }

    /**
     * This instance as a lock's holder: the host, the process, and a random id, as two processes may share a host
     * name (containers) and even a process id (each the first process of its container).
     */
    static String holder(String host, long pid) {
        String id = " (pid " + pid + ", " + UUID.randomUUID().toString().substring(0, 8) + ")";
        return StateStore.fit(host, HOLDER_WIDTH - id.length()) + id;
    }

    /** The name this instance's locks carry in roster_job_lock.locked_by. */
    public String holder() {
        return holder;
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
