package io.roster.state;

import java.util.Map;

/**
 * One record that could not be synced, as the dead-letter store keeps it.
 *
 * @param step   where it failed: "mapping", a target ("sign:main", "signature365")
 * @param key    the person's key (lower-case email), or the record when it has none
 * @param record the record as an admin finds it ("ana@example.com in Sign account main", "people.csv line 7")
 * @param reason why, unmasked: the store masks it
 * @param data   the record's values, unmasked: the store masks secret-looking ones and cuts long ones
 */
public record Letter(String step, String key, String record, String reason, Map<String, String> data) {
}
