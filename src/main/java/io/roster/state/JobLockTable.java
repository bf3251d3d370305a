package io.roster.state;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.support.AbstractStorageAccessor;
import net.javacrumbs.shedlock.support.LockException;
import net.javacrumbs.shedlock.support.StorageBasedLockProvider;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * ShedLock's storage of job locks, the rows of {@code roster_job_lock}, written in the name of the instance that holds
 * a lock (host, process and a random id per start) rather than of the host, as ShedLock's JDBC provider does (6.x
 * has no setting for it). Two Roster processes on one host (two on a VM, containers sharing a host name) are then
 * two holders: each extends and releases only its own lock, and takes another's over only once it has lapsed, that
 * is once its holder has stopped renewing it for a whole lease.
 */
public final class JobLockTable extends AbstractStorageAccessor {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    static final String TABLE = "roster_job_lock";

    private final StateStore state;
    private final String holder;

    private JobLockTable(StateStore state, String holder) {
        this.state = state;
        this.holder = holder;
    }

    /** A lock provider over the table, holding locks as {@code holder}. */
    public static ExtensibleLockProvider provider(StateStore state, String holder) {
        // StorageBasedLockProvider's constructor is protected: it is meant to be given a storage like this one.
        return new StorageBasedLockProvider(new JobLockTable(state, holder)) {
        };
    }

    /** The lock's row, when it has none yet: then the lock is ours. */
    @Override
    public boolean insertRecord(LockConfiguration lock) {
        Instant now = ClockProvider.now();
        try {
            return state.update("create the lock " + lock.getName(), "INSERT INTO " + TABLE
                    + " (name, lock_until, locked_at, locked_by) VALUES (?, ?, ?, ?)",
                    lock.getName(), lock.getLockAtMostUntil(), now, holder) > 0;
        } catch (StateStoreException e) {
            // Mostly: the row is there already (PostgreSQL says so with no distinct exception). The update decides,
            // and reports any other failure.
            return false;
        }
    }

    /** Takes the lock when it has lapsed: a holder that is alive renews it before it does. */
    @Override
    public boolean updateRecord(LockConfiguration lock) {
        Instant now = ClockProvider.now();
        try {
            return state.update("take the lock " + lock.getName(), "UPDATE " + TABLE
                    + " SET lock_until = ?, locked_at = ?, locked_by = ? WHERE name = ? AND lock_until <= ?",
                    lock.getLockAtMostUntil(), now, holder, lock.getName(), now) > 0;
        } catch (StateStoreException e) {
            throw new LockException("could not take the lock " + lock.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Renews our lock while it holds; false once it has lapsed (another may have it now) or cannot be renewed. */
    @Override
    public boolean extend(LockConfiguration lock) {
        try {
            return state.update("renew the lock " + lock.getName(), "UPDATE " + TABLE
                    + " SET lock_until = ? WHERE name = ? AND locked_by = ? AND lock_until > ?",
                    lock.getLockAtMostUntil(), lock.getName(), holder, ClockProvider.now()) > 0;
        } catch (StateStoreException e) {
            // ShedLock's keep-alive runs this on a scheduler that would drop an exception without a word.
            LOG.warnf("could not renew the lock %s: %s", lock.getName(), e.getMessage());
            return false;
        }
    }

    /** Lets our lock go; a lock that lapsed and another instance took is not ours to release. */
    @Override
    public void unlock(LockConfiguration lock) {
        state.update("release the lock " + lock.getName(), "UPDATE " + TABLE
                + " SET lock_until = ? WHERE name = ? AND locked_by = ?", lock.getUnlockTime(), lock.getName(), holder);
    }
}
