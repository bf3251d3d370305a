package io.roster.targets.writeback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.roster.jdbc.JdbcPools;
import io.roster.report.RunReport;
import io.roster.state.Change;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Optional write-back: every applied change also becomes an event row in a table of an external database the admin
 * names ({@code roster.write-back.*}), e.g. the HR database's own event table. The change has already landed in
 * the target, so a failed write-back never undoes or fails it (the state store's audit log keeps it), but it is a
 * failure of the run all the same: the run warns, naming the table and database, and ends with exit code 1.
 */
@ApplicationScoped
public class EventWriteBack {

    private static final Logger LOG = Logger.getLogger("io.roster.writeback");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;
    private final String insert;
    /** The table and database as messages name them: never a credential. */
    private final String where;

    public EventWriteBack(WriteBackSettings wb) {
        if (wb.jdbcUrl().filter(u -> !u.isBlank()).isEmpty()) {
            this.dataSource = null;
            this.insert = null;
            this.where = null;
            return;
        }
        if (!TABLE.matcher(wb.table()).matches()) {
            throw new IllegalArgumentException("roster.write-back.table must be a table name like roster_events or"
                    + " hr.roster_events, not '" + wb.table() + "'");
        }
        this.where = "table " + wb.table() + " of " + withoutCredentials(wb.jdbcUrl().get());
        this.insert = "INSERT INTO " + wb.table() + " (run_id, job, person_key, target, action, before_value, after_value,"
                + " applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try {
            this.dataSource = JdbcPools.open(wb.jdbcUrl().get(), wb.username(), wb.password(), 4, Duration.ofSeconds(10));
        } catch (SQLException e) {
            throw new IllegalStateException("roster.write-back: could not set up the connection pool: " + e.getMessage());
        }
    }

    public boolean enabled() {
        return dataSource != null;
    }

    public void send(RunReport run, Change change) {
        if (dataSource == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, run.id());
            ps.setString(2, run.job());
            ps.setString(3, change.key());
            ps.setString(4, change.target());
            ps.setString(5, change.action());
            ps.setString(6, json(change.changedBefore()));
            ps.setString(7, json(change.changedAfter()));
            ps.setTimestamp(8, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            // The driver's message only: a JDBC URL (which may carry a password) is never part of it.
            String why = "write-back to " + where + " failed for the " + change.action() + " of " + change.key() + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            LOG.warn(why);
            run.writeBackFailed(why + " — the change is in " + change.target() + " and in the audit log, not in that"
                    + " table; the run ends with exit code 1 (later failures of this run are counted, not listed)");
        }
    }

    /**
     * The URL up to its database: properties after {@code ?} or {@code ;} and any {@code user:password@} are left
     * out, as they may carry the password.
     */
    static String withoutCredentials(String jdbcUrl) {
        String url = jdbcUrl;
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        url = url.substring(0, cut);
        int hosts = url.indexOf("//");
        int at = url.lastIndexOf('@');
        if (hosts >= 0 && at > hosts) {
            url = url.substring(0, hosts + 2) + url.substring(at + 1);
        }
        return url;
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(m));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @PreDestroy
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
