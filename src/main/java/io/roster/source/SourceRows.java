package io.roster.source;

import java.util.List;

/** Everything a source returned in one read: the column names it offered and its records in order. */
public record SourceRows(String origin, List<String> columns, List<SourceRow> rows) {
}
