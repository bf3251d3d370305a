package io.roster.state;

import java.time.Instant;

/** A job's claim on a target user: since when its source holds them, and when it let them go (null: it still does). */
public record Claim(String personKey, String job, Instant claimedAt, Instant releasedAt) {

    public boolean active() {
        return releasedAt == null;
    }
}
