package io.roster.job;

import io.roster.mapping.FieldRule;
import io.roster.mapping.MappedPeople;
import io.roster.mapping.MappingSpec;
import io.roster.mapping.Person;
import io.roster.mapping.PersonMapper;
import io.roster.mapping.Rejection;
import io.roster.secrets.SecretMask;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import io.roster.source.sql.QueryRejectedException;
import io.roster.source.sql.SelectQuery;
import io.roster.source.sql.SqlSourceSpec;
import io.roster.source.sql.SqlSources;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a job's SQL source the way the Database Connector's "Test" does, and tells its three outcomes apart:
 * cannot connect (with the driver's reason), connected but the query is invalid (with the database's message), or
 * OK — with the columns, a few sample rows (only mapped columns, secret-looking ones masked), which target fields
 * each column feeds, those rows mapped as a sync would map them, and a clear problem when nothing maps to email.
 */
@ApplicationScoped
public class ConnectionCheck {

    static final int SAMPLES = 3;
    /** Sample values a preview never shows, beyond secrets: personal data an admin checking a query need not see. */
    private static final Pattern PERSONAL = Pattern.compile("(?i).*(salary|ssn).*");

    public enum Outcome { OK, CANNOT_CONNECT, QUERY_INVALID }

    /**
     * @param feeds    column to the target fields it feeds
     * @param problems what stops a sync although the query runs (e.g. nothing maps to email)
     * @param preview  the sample rows mapped: each person's target fields as a sync would send them (secret and
     *                 personal ones masked), or why a row would be refused
     */
    public record Result(String job, String source, Outcome outcome, String message, List<String> columns,
                         List<Map<String, String>> samples, Map<String, List<String>> feeds, List<String> problems,
                         List<Map<String, String>> preview) {
        public boolean ok() {
            return outcome == Outcome.OK && problems.isEmpty();
        }
    }

    private final SqlSources sources;

    public ConnectionCheck(SqlSources sources) {
        this.sources = sources;
    }

    /** Checks the SQL source {@code sql} of {@code job}, whose mapping is {@code mapping}. */
    public Result check(String job, SqlSourceSpec sql, MappingSpec mapping) {
        if (sql == null) {
            throw new IllegalArgumentException("job " + job + " has no SQL source (no 'sql:' section in its job file)");
        }
        String name = sql.datasource();
        Connection c;
        try {
            sources.settings(name);
            c = sources.readOnly(name);
        } catch (SQLException e) {
            return failed(job, name, Outcome.CANNOT_CONNECT, "could not connect to SQL source " + name + ": "
                    + sources.safeMessage(name, e) + sqlState(e));
        } catch (RuntimeException e) {
            return failed(job, name, Outcome.CANNOT_CONNECT, SecretMask.apply(String.valueOf(e.getMessage())));
        }
        try (c) {
            String query;
            try {
                query = SelectQuery.of(sql, mapping.columns(), sources.dialect(name),
                        c.getMetaData().getIdentifierQuoteString());
            } catch (QueryRejectedException e) {
                return failed(job, name, Outcome.QUERY_INVALID, "connected, but the query is not accepted: " + e.getMessage());
            }
            try (PreparedStatement st = c.prepareStatement(query)) {
                st.setMaxRows(SAMPLES);
                try (ResultSet rs = st.executeQuery()) {
                    return ok(job, name, mapping, rs);
                }
            } catch (SQLException e) {
                return failed(job, name, Outcome.QUERY_INVALID, "connected, but the query failed: "
                        + sources.safeMessage(name, e) + sqlState(e));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            return failed(job, name, Outcome.CANNOT_CONNECT, "the connection to SQL source " + name + " failed: "
                    + sources.safeMessage(name, e));
        }
    }

    private static Result ok(String job, String name, MappingSpec mapping, ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
        }
        Map<String, List<String>> feeds = new LinkedHashMap<>();
        mapping.fields().forEach((field, rule) -> {
            for (String col : rule.columns()) {
                columns.stream().filter(col::equalsIgnoreCase).findFirst()
                        .ifPresent(c -> feeds.computeIfAbsent(c, k -> new ArrayList<>()).add(field));
            }
        });
        List<Map<String, String>> samples = new ArrayList<>();
        List<SourceRow> raw = new ArrayList<>();
        while (rs.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i <= columns.size(); i++) {
                String col = columns.get(i - 1);
                values.put(col, rs.getString(i));
                if (feeds.containsKey(col)) {
                    // masked by the column's name or by any field it feeds: a column "initial_pw" feeding "password"
                    boolean secret = masked(col) || feeds.get(col).stream().anyMatch(ConnectionCheck::masked);
                    row.put(col, secret ? SecretMask.MASK : SecretMask.apply(rs.getString(i)));
                }
            }
            samples.add(row);
            raw.add(new SourceRow(raw.size() + 1, 0, values));
        }
        List<String> problems = new ArrayList<>();
        FieldRule email = mapping.fields().get(MappingSpec.EMAIL);
        boolean emailFed = email != null && email.columns().stream().anyMatch(col -> columns.stream().anyMatch(col::equalsIgnoreCase));
        if (!emailFed) {
            problems.add("nothing maps to email: the mapping's 'email' reads " + (email == null ? "nothing" : email.columns())
                    + ", which the query does not return; Signature 365 matches people by email, so no one can be synced");
        }
        for (var e : mapping.fields().entrySet()) {
            for (String col : e.getValue().columns()) {
                if (columns.stream().noneMatch(col::equalsIgnoreCase) && !e.getKey().equals(MappingSpec.EMAIL)) {
                    problems.add("mapping for '" + e.getKey() + "' reads column '" + col + "', which the query does not return");
                }
            }
        }
        return new Result(job, name, Outcome.OK, "connected; the query returns " + columns.size() + " columns",
                columns, samples, feeds, problems, preview(name, columns, raw, mapping));
    }

    private static boolean masked(String name) {
        return SecretMask.isSecretName(name) || PERSONAL.matcher(name).matches();
    }

    /** The sample rows through the job's mapping, as the sync would map them; masked as the samples are. */
    private static List<Map<String, String>> preview(String source, List<String> columns, List<SourceRow> rows,
                                                     MappingSpec mapping) {
        List<Map<String, String>> out = new ArrayList<>();
        MappedPeople people;
        try {
            people = new PersonMapper().map(new SourceRows("sql:" + source, columns, rows), mapping);
        } catch (RuntimeException e) {
            out.add(Map.of("(mapping)", SecretMask.apply(String.valueOf(e.getMessage()))));
            return out;
        }
        for (Person p : people.people()) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("(rows)", p.rows());
            fields.put(MappingSpec.EMAIL, p.email());
            p.fields().forEach((f, v) -> fields.put(f, masked(f) ? SecretMask.MASK : SecretMask.apply(v)));
            out.add(fields);
        }
        for (Rejection r : people.rejections()) {
            out.add(Map.of("(rows)", r.record(), "(refused)", SecretMask.apply(r.message())));
        }
        return out;
    }

    private static Result failed(String job, String name, Outcome outcome, String message) {
        return new Result(job, name, outcome, message, List.of(), List.of(), Map.of(), List.of(), List.of());
    }

    private static String sqlState(SQLException e) {
        return e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
    }
}
