package io.roster.mapping;

import java.util.Map;

/**
 * A source record that could not become a person, with the reason naming the record and the field.
 *
 * @param record  how the record is named (e.g. "row 7 (line 8)")
 * @param field   the field at fault
 * @param reason  what is wrong, in words an admin can act on
 * @param key     the email key the record claims, when it has a usable one: such a person is held, never
 *                treated as gone from the source
 * @param data    the record's values, for the dead-letter store
 */
public record Rejection(String record, String field, String reason, String key, Map<String, String> data) {

    public String message() {
        return record + ", field '" + field + "': " + reason;
    }
}
