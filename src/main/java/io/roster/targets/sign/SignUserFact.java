package io.roster.targets.sign;

import java.time.Duration;
import java.time.Instant;

/**
 * What Roster knows of one Sign user beyond the account's lists, which carry neither: status and primary group, read
 * from {@code GET users/{id}} or as Roster wrote them, and when.
 */
public record SignUserFact(String userId, String status, String primaryGroupId, long checkedAtMillis) {

    public SignUserFact(String userId, String status, String primaryGroupId, Instant checkedAt) {
        this(userId, status, primaryGroupId, checkedAt.toEpochMilli());
    }

    /**
     * Whether the fact is due to be read again. Each user's fact lasts between half and the whole {@code window}, by a
     * share fixed per user id, so re-checks of an account read all at once spread over the window's runs.
     */
    public boolean due(Instant now, Duration window) {
        int h = userId.hashCode(); // mixed (MurmurHash3's finaliser): ids alike but for their last digits spread too
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        double share = 0.5 + 0.5 * ((h & 0xffff) / 65536.0);
        return now.toEpochMilli() > checkedAtMillis + (long) (window.toMillis() * share);
    }
}
