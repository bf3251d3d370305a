package io.roster.state;

import java.time.Instant;
import java.util.Map;

/**
 * A record that could not be synced, kept with everything needed to understand and retry it.
 *
 * @param step   where it failed: {@code mapping} or the target step, e.g. {@code sign-apply}
 * @param record which record: a source row, or a person's email and account
 * @param data   the record's values, secret-looking fields masked
 */
public record DeadLetter(Instant at, String job, String run, String step, String record, String reason,
                         Map<String, String> data) {
}
