package io.roster.plan;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What earlier runs tell the planner: the job's conflict policy with Roster's last writes per account and person,
 * whether a safety check withholds every removal this run (with why), and whether the source read only what changed
 * since the last run (an incremental read: nobody missing from it has left, so it plans no removals at all), and
 * which users other jobs manage.
 */
public record History(ConflictPolicy conflicts, Map<String, LastWrites> lastWrites,
                      Optional<String> removalsWithheld, boolean changesOnly, OtherJobs otherJobs) {

    /** What Roster's jobs record about an account's users: who manages them ({@link Ownership}), who gave roles. */
    public interface OtherJobs {
        /**
         * A user this job's source does not hold that is another job's: never Sign-only to this job. {@code group}:
         * the user's primary group (a user nobody claimed, in a group only other jobs' rules name, is theirs).
         */
        boolean manage(String org, String key, String group);

        /** The other job that manages a user this job's source holds too (its source held it first), or null. */
        default String owner(String org, String key) {
            return null;
        }

        /** Whether Roster (any job) gave the user the account-admin role; empty when no record tells. */
        default Optional<Boolean> madeAdmin(String org, String key) {
            return Optional.empty();
        }

        OtherJobs NONE = (org, key, group) -> false;
    }

    public History(ConflictPolicy conflicts, Map<String, LastWrites> lastWrites, Optional<String> removalsWithheld,
                   boolean changesOnly) {
        this(conflicts, lastWrites, removalsWithheld, changesOnly, OtherJobs.NONE);
    }

    public History(ConflictPolicy conflicts, Map<String, LastWrites> lastWrites, Optional<String> removalsWithheld) {
        this(conflicts, lastWrites, removalsWithheld, false);
    }

    public static History none() {
        return new History(ConflictPolicy.SOURCE_WINS, Map.of(), Optional.empty());
    }

    LastWrite lastWrite(String org, String key) {
        return lastWrites.getOrDefault(org, LastWrites.NONE).get(key);
    }

    void prefetch(String org, Collection<String> keys) {
        if (!keys.isEmpty()) {
            lastWrites.getOrDefault(org, LastWrites.NONE).prefetch(keys);
        }
    }
}
