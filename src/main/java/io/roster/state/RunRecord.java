package io.roster.state;

import java.time.Instant;
import java.util.Map;

/** One run as the history keeps it: who started it, when, its counts and how it ended. */
public record RunRecord(String runId, String job, String startedBy, String host, Instant startedAt,
                        Instant finishedAt, boolean dryRun, String status, Integer exitCode, String resumedFrom,
                        Integer sourceRecords, Integer sourcePeople, int batchesDone, Map<String, Long> counts,
                        long targetRequests, long targetThrottled, Long durationMs,
                        String error) {
}
