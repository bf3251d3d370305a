package io.roster.state;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database behind Roster's state: the embedded H2 file by default, PostgreSQL under the {@code postgresql}
 * profile. Exactly one of the two datasources is active; Flyway has migrated it before Camel starts.
 * Small JDBC helpers keep the tables' classes to their SQL.
 */
@ApplicationScoped
public class StateStore {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("io.roster.state");

    /** Reads one row of a result. */
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Work done on one connection in one transaction. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final AgroalDataSource dataSource;
    private final Map<String, AtomicLong> inserted = new ConcurrentHashMap<>();
    private final Map<String, Long> analyzedAt = new ConcurrentHashMap<>();
    /** Statistics are refreshed here, one table at a time, while the run goes on writing. */
    private final ExecutorService analyzer = Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "roster-state-analyze");
                t.setDaemon(true);
                return t;
            });

    public StateStore(@Any InjectableInstance<AgroalDataSource> dataSources) {
        List<AgroalDataSource> active = dataSources.listActive();
        if (active.size() != 1) {
            throw new IllegalStateException("the state store needs exactly one active datasource, found " + active.size()
                    + ": activate either quarkus.datasource.embedded or quarkus.datasource.postgresql");
        }
        this.dataSource = active.get(0);
    }

    /**
     * Rows were added to a table that later runs look up batch by batch: after each doubling (from 10,000 rows on),
     * its planner statistics are refreshed. Without them PostgreSQL takes a freshly filled state table for a tiny one
     * and scans every row of the job for each batch's keys, which grows with the square of the people. Only the
     * columns those lookups filter on are sampled: the value columns cost two thirds of the time and no plan uses them.
     * The refresh runs on a thread of its own: the writer does not wait for it, and its failure fails no write.
     */
    public void grew(String table, String lookupColumns, long rows) {
        long total = inserted.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rows);
        Long last = analyzedAt.getOrDefault(table, 0L);
        if (total >= Math.max(10_000, 2 * last)) {
            synchronized (analyzedAt) {
                if (analyzedAt.getOrDefault(table, 0L).equals(last)) {
                    analyzedAt.put(table, total);
                    analyzer.execute(() -> analyze(table, lookupColumns));
                }
            }
        }
    }

    private void analyze(String table, String columns) {
        try {
            transaction("refresh the statistics of " + table, c -> {
                boolean h2 = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
                try (Statement st = c.createStatement()) {
                    st.execute(h2 ? "ANALYZE TABLE " + table : "ANALYZE " + table + " (" + columns + ")");
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("%s (lookups may be slower until the database refreshes them itself)", e.getMessage());
        }
    }

    /** Waits for the statistics refreshes asked for so far (they run in order). */
    public void awaitStatistics() {
        try {
            analyzer.submit(() -> { }).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("statistics refresh did not end", e);
        }
    }

    /** Waits for a statistics refresh under way, so the application does not close the pool under it. */
    @jakarta.annotation.PreDestroy
    void awaitAnalyze() {
        analyzer.shutdown();
        try {
            analyzer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int update(String doing, String sql, Object... args) {
        return transaction(doing, c -> update(c, sql, args));
    }

    public <T> List<T> query(String doing, String sql, Row<T> row, Object... args) {
        return transaction(doing, c -> query(c, 0, sql, row, args));
    }

    /** Every row to the consumer, fetched a thousand at a time (in a transaction, as PostgreSQL needs to stream). */
    public void stream(String doing, String sql, RowConsumer each, Object... args) {
        stream(doing, 1000, sql, each, args);
    }

    /**
     * Every row to the consumer, fetched {@code rowsPerFetch} at a time: more for small rows read by the hundred
     * thousand (keys and hashes), where each fetch's round trip to the server would cost more than its rows.
     */
    public void stream(String doing, int rowsPerFetch, String sql, RowConsumer each, Object... args) {
        transaction(doing, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(rowsPerFetch);
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(rs);
                    }
                }
            }
            return null;
        });
    }

    public interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    /** At most {@code limit} rows, in the query's order. */
    public <T> List<T> queryFirst(String doing, int limit, String sql, Row<T> row, Object... args) {
        return transaction(doing, c -> query(c, limit, sql, row, args));
    }

    /**
     * A transaction that replaces rows another process may be writing at the same moment (replicas, jobs sharing an
     * account): each deletes or looks for the rows, then inserts them, and the one that commits second meets the
     * other's key. That one is run again, a moment later, and then finds and replaces the other's rows.
     */
    public <T> T replacing(String doing, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(doing, work);
            } catch (StateStoreException e) {
                if (attempt == 10 || !(e.getCause() instanceof SQLException s) || !"23505".equals(s.getSQLState())) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 30L * attempt)); // apart from the other writer
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public <T> T transaction(String doing, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException(doing, e);
        }
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /**
     * Many rows into one table in one statement: the {@code shared} values go into every row, each of {@code
     * columns} takes its values from one array (UNNEST over parallel arrays; H2 and PostgreSQL alike). PostgreSQL
     * plans one statement, where a JDBC batch sends a multi-row INSERT per 128 rows: a batch of 500 state rows costs a
     * third less. Column names are Roster's own, never input.
     */
    public static int insertAll(Connection c, String table, Map<String, Object> shared, Map<String, String[]> columns)
            throws SQLException {
        int rows = columns.values().iterator().next().length;
        if (rows == 0) {
            return 0;
        }
        String names = String.join(", ", shared.keySet()) + ", " + String.join(", ", columns.keySet());
        String sql = "INSERT INTO " + table + " (" + names + ") SELECT " + "?, ".repeat(shared.size()) + "r."
                + String.join(", r.", columns.keySet()) + " FROM UNNEST("
                + String.join(", ", Collections.nCopies(columns.size(), "CAST(? AS VARCHAR ARRAY)"))
                + ") AS r(" + String.join(", ", columns.keySet()) + ")";
        List<Object> args = new ArrayList<>(shared.values());
        args.addAll(columns.values());
        return update(c, sql, args.toArray());
    }

    /** One statement for many rows, as a JDBC batch; the rows each changed, in order. */
    public static int[] batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(ps, args);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /**
     * {@code ?, ?, ?} for an IN list of {@code n} values. For many values prefer {@code = ANY(?)} with a
     * {@code String[]}: one statement text whatever the count, and the database can use its index or a hash.
     */
    public static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        return query(c, 0, sql, row, args);
    }

    /** {@code limit} 0: all rows. */
    static <T> List<T> query(Connection c, int limit, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(limit);
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else if (a instanceof String[] values) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("VARCHAR", values));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** Cuts text to a column's width so a long reason never fails the write that records it. */
    public static String fit(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
