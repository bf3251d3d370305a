package io.roster.plan;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.time.Instant;
import java.util.Locale;

/**
 * Who wins when a target value was changed since Roster last wrote it and the source wants another value.
 * {@code most-recent-wins} compares the source's "updated at" (the mapped field {@code updatedAt}) with Roster's
 * last write of that person: a source change after that write wins; otherwise the target's value is kept. The
 * target's own change time is not published by Sign, so without an {@code updatedAt} the source wins.
 */
public enum ConflictPolicy {
    SOURCE_WINS, TARGET_WINS, MOST_RECENT_WINS;

    @JsonCreator
    public static ConflictPolicy parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("conflicts must be source-wins, target-wins or most-recent-wins, not '" + s + "'");
        }
    }

    /** Whether the source's value is written over a target value changed since Roster's last write at {@code wroteAt}. */
    public boolean sourceWins(Instant sourceUpdatedAt, Instant wroteAt) {
        return switch (this) {
            case SOURCE_WINS -> true;
            case TARGET_WINS -> false;
            case MOST_RECENT_WINS -> sourceUpdatedAt == null || sourceUpdatedAt.isAfter(wroteAt);
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
