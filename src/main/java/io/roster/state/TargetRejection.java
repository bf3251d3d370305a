package io.roster.state;

import java.util.Map;

/**
 * One record a target refused on its own while the rest of its batch went through (e.g. a per-user error in a
 * Signature 365 batch answer). Goes to the dead-letter store like any failure.
 *
 * @param step   the target, e.g. {@code signature365}
 * @param key    the person's key
 * @param record how the record is named, e.g. "ann@example.com (row 17)"
 * @param reason the target's own words
 * @param data   the values that were sent
 */
public record TargetRejection(String step, String key, String record, String reason, Map<String, String> data) {
}
