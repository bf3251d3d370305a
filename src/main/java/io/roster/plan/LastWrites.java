package io.roster.plan;

import java.util.Collection;
import java.util.Map;

/**
 * What Roster last wrote to one account, per person. Only people whose values in the account differ from the source
 * need it, so the planner names them first ({@link #prefetch}) and a store can read just those in one query.
 */
public interface LastWrites {

    /** The keys the planner is about to ask for; a store reads them at once. */
    default void prefetch(Collection<String> keys) {
    }

    /** Roster's last write to this person, or null when it never wrote them. */
    LastWrite get(String key);

    /** Last writes already in memory. */
    static LastWrites of(Map<String, LastWrite> writes) {
        return writes::get;
    }

    LastWrites NONE = key -> null;
}
