package io.roster.source.sql;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Lists the tables and views of a SQL source with their columns, for admins choosing what to map. */
@ApplicationScoped
public class SchemaDiscovery {

    private static final Set<String> SYSTEM = Set.of("pg_catalog", "information_schema", "sys", "pg_toast");

    public record Column(String name, String type) {
    }

    public record Table(String schema, String name, String kind, List<Column> columns) {
    }

    private final SqlSources sources;

    public SchemaDiscovery(SqlSources sources) {
        this.sources = sources;
    }

    public List<Table> tables(String source) {
        try (Connection c = sources.readOnly(source)) {
            DatabaseMetaData md = c.getMetaData();
            Map<String, Table> out = new LinkedHashMap<>();
            try (ResultSet rs = md.getTables(c.getCatalog(), null, "%", new String[]{"TABLE", "VIEW"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema != null && SYSTEM.contains(schema.toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    String name = rs.getString("TABLE_NAME");
                    out.put(schema + "." + name, new Table(schema, name, rs.getString("TABLE_TYPE"), new ArrayList<>()));
                }
            }
            for (Table t : out.values()) {
                try (ResultSet rs = md.getColumns(c.getCatalog(), t.schema(), t.name(), "%")) {
                    while (rs.next()) {
                        t.columns().add(new Column(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME")));
                    }
                }
            }
            c.rollback();
            return List.copyOf(out.values());
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the tables of SQL source " + source + ": "
                    + sources.safeMessage(source, e), e);
        }
    }
}
