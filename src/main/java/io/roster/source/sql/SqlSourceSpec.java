package io.roster.source.sql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code sql:} section of a job file: which source to read and what.
 * <pre>
 * sql:
 *   datasource: hr                       # roster.sources.hr.*
 *   query: SELECT … FROM staff WHERE …   # the admin's own single SELECT, or:
 *   table: staff                         # a table (or schema.table) …
 *   columns: [work_email, first_name]    # … and its columns; default: the columns the mapping reads
 *   version_query: SELECT max(updated_at) FROM staff   # optional: skip the run when it returns the same value
 * </pre>
 */
public record SqlSourceSpec(String datasource, String query, String table, List<String> columns, String versionQuery) {

    @JsonCreator
    public SqlSourceSpec(@JsonProperty("datasource") String datasource,
                         @JsonProperty("query") String query,
                         @JsonProperty("table") String table,
                         @JsonProperty("columns") List<String> columns,
                         @JsonProperty("version_query") String versionQuery) {
        if (datasource == null || datasource.isBlank()) {
            throw new IllegalArgumentException("sql.datasource is required: the name of a source configured as roster.sources.<name>.jdbc-url");
        }
        boolean hasQuery = query != null && !query.isBlank();
        boolean hasTable = table != null && !table.isBlank();
        if (hasQuery == hasTable) {
            throw new IllegalArgumentException("sql needs either 'query' (your own SELECT) or 'table' (with optional 'columns'), not "
                    + (hasQuery ? "both" : "neither"));
        }
        if (hasQuery && columns != null) {
            throw new IllegalArgumentException("sql.columns goes with sql.table; with sql.query, the query names its columns");
        }
        this.datasource = datasource.strip();
        this.query = hasQuery ? query.strip() : null;
        this.table = hasTable ? table.strip() : null;
        this.columns = columns == null ? List.of() : List.copyOf(columns);
        this.versionQuery = versionQuery == null || versionQuery.isBlank() ? null : versionQuery.strip();
    }
}
