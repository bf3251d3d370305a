package io.roster.source;

import java.util.List;

/**
 * Everything a source returned in one read: the column names it offered and its records in order.
 *
 * @param incomplete why the read stopped before the source's end (its records are good, but others were never read),
 *                   or null for a whole read: an incomplete read is never taken as "the others left"
 */
public record SourceRows(String origin, List<String> columns, List<SourceRow> rows, String incomplete) {

    public SourceRows(String origin, List<String> columns, List<SourceRow> rows) {
        this(origin, columns, rows, null);
    }
}
