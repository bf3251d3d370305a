package io.roster.state;

import java.time.Instant;
import java.util.Map;

/**
 * A record that could not be synced, kept with everything needed to understand and retry it. A record that keeps
 * failing run after run stays one letter: its reason, run and attempts are brought up to date.
 *
 * @param id       the letter's id, for retry and discard
 * @param step     where it failed: {@code mapping}, or the target, e.g. {@code sign:primary}
 * @param key      the person's key (email) when known, else the record
 * @param record   which record: a source row, or a person's email and account
 * @param data     the record's values, secret-looking fields masked
 * @param status   open, resolved (a later run synced the person) or discarded
 * @param closedBy the run that resolved it, or "discarded"
 */
public record DeadLetter(long id, String job, String run, String step, String key, String record, String reason,
                         Map<String, String> data, Instant createdAt, Instant lastFailedAt, int attempts,
                         String status, Instant closedAt, String closedBy) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
    public static final String DISCARDED = "discarded";
}
