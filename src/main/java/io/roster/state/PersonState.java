package io.roster.state;

import java.time.Instant;
import java.util.Map;

/** What Roster last wrote for one person in one target, and when. */
public record PersonState(String key, String targetId, String contentHash, Map<String, String> written,
                          Instant lastSyncedAt, String lastRunId) {
}
