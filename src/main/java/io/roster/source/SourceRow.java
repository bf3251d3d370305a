package io.roster.source;

import java.util.Map;

/**
 * One record as a source delivered it, before mapping: its values by column name and where it came from,
 * so an error can name the record ("row 7") and the field.
 *
 * @param row    1-based number of the record among the data records (the header is not counted)
 * @param line   line of the source file where the record starts, or 0 when the source has no lines
 * @param values column name to raw value; a missing value is absent or empty
 * @param name   how the source itself names the record (a directory entry's DN), or null
 * @param fault  what the source found wrong with the record as it read it (too many fields, bytes that do not decode),
 *               or null: such a record is rejected before it is mapped, and the records around it go on
 */
public record SourceRow(long row, long line, Map<String, String> values, String name, Fault fault) {

    /** A record the source could read but not trust: the field at fault ("(record)" for the record as a whole) and why. */
    public record Fault(String field, String reason) {
    }

    public SourceRow(long row, long line, Map<String, String> values) {
        this(row, line, values, null, null);
    }

    public SourceRow(long row, long line, Map<String, String> values, String name) {
        this(row, line, values, name, null);
    }

    public String get(String column) {
        return values.get(column);
    }

    /** How this record is named in errors and dead letters. */
    public String describe() {
        if (name != null) {
            return "entry " + name;
        }
        return line > 0 ? "row " + row + " (line " + line + ")" : "row " + row;
    }
}
