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
 */
public record SourceRow(long row, long line, Map<String, String> values, String name) {

    public SourceRow(long row, long line, Map<String, String> values) {
        this(row, line, values, null);
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
