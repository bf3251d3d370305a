package io.roster.source.sql;

import io.roster.source.RowStream;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One streaming read of a SQL source: a forward-only, read-only cursor fetched {@code fetchSize} rows at a time, so a
 * million rows need no more memory than a few thousand. Rows come out one by one as {@link SourceRow}s; a failure
 * part-way raises {@link SourceReadException} (the run stops; nothing is taken as "these people left").
 * Closing it ends the transaction and returns the connection.
 */
public final class SqlRead implements Iterator<SourceRow>, RowStream, AutoCloseable {

    private final String origin;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private List<String> columns;
    private long read;
    private Boolean ready;

    private SqlRead(String origin, Connection connection, PreparedStatement statement, ResultSet rows, List<String> columns) {
        this.origin = origin;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.columns = columns;
    }

    /** Runs {@code sql} on {@code connection} (which this read then owns and closes). */
    public static SqlRead open(String origin, Connection connection, String sql, int fetchSize, Duration timeout)
            throws SQLException {
        PreparedStatement st = null;
        try {
            st = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            st.setFetchSize(fetchSize);
            st.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds())));
            ResultSet rs = st.executeQuery();
            ResultSetMetaData md = rs.getMetaData();
            List<String> cols = new ArrayList<>(md.getColumnCount());
            for (int i = 1; i <= md.getColumnCount(); i++) {
                cols.add(md.getColumnLabel(i));
            }
            return new SqlRead(origin, connection, st, rs, Collections.unmodifiableList(cols));
        } catch (SQLException | RuntimeException e) {
            quietly(st);
            quietly(connection);
            throw e;
        }
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    /**
     * Takes the mapping's spelling for columns the database names in another case (PostgreSQL folds unquoted
     * names to lower case, H2 to upper case), so {@code {FirstName}} finds {@code firstname}.
     */
    public void spellColumnsAs(Collection<String> wanted) {
        List<String> out = new ArrayList<>(columns);
        for (String w : wanted) {
            if (out.contains(w)) {
                continue;
            }
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).equalsIgnoreCase(w)) {
                    out.set(i, w);
                    break;
                }
            }
        }
        columns = Collections.unmodifiableList(out);
    }

    /** Rows handed out so far. */
    public long read() {
        return read;
    }

    @Override
    public boolean hasNext() {
        if (ready == null) {
            try {
                ready = rows.next();
            } catch (SQLException e) {
                throw new SourceReadException(origin + ": the read failed after " + read + " rows: " + e.getMessage(), e);
            }
        }
        return ready;
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ready = null;
        Map<String, String> values = new HashMap<>(columns.size() * 2);
        try {
            for (int i = 0; i < columns.size(); i++) {
                String v = rows.getString(i + 1);
                if (v != null) {
                    values.put(columns.get(i), v);
                }
            }
        } catch (SQLException e) {
            throw new SourceReadException(origin + ": row " + (read + 1) + " could not be read: " + e.getMessage(), e);
        }
        read++;
        return new SourceRow(read, 0, values);
    }

    @Override
    public void close() {
        quietly(rows);
        quietly(statement);
        try {
            connection.rollback(); // nothing was written; ends the read-only transaction
        } catch (SQLException ignored) {
            // the connection may already be broken; closing it is what matters
        }
        quietly(connection);
    }

    private static void quietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failure: the first error is the one reported
            }
        }
    }
}
