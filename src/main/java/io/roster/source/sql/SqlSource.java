package io.roster.source.sql;

import io.roster.config.JobConfigException;
import io.roster.config.RosterConfig;
import io.roster.report.RunReport;
import io.roster.source.BundledSamples;
import io.roster.source.SourceReadException;
import io.roster.state.SourceVersions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * A SQL source's read: skip a cycle whose source version has not moved, or open the streaming read that the run
 * splits into batches (the caller closes it when the run ends, however it ends).
 */
@ApplicationScoped
public class SqlSource {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    /** What the job's {@code version_query} returned, and whether it is what the last complete run synced. */
    public record Version(String value, boolean unchanged) {
    }

    private final SqlSources sources;
    private final SourceVersions versions;
    private final RosterConfig config;

    public SqlSource(SqlSources sources, SourceVersions versions, RosterConfig config) {
        this.sources = sources;
        this.versions = versions;
        this.config = config;
    }

    /**
     * Runs the job's {@code version_query}; null when it has none. Unchanged when it returns what it returned at the
     * last complete run (never in a dry run), so the cycle can stop before reading anything.
     */
    public Version version(String job, SqlSourceSpec spec, boolean dryRun, RunReport report) {
        spec = required(job, spec);
        if (spec.versionQuery() == null) {
            return null;
        }
        String sql = checked(job, spec.datasource(), spec.versionQuery(), "sql.version_query");
        String version;
        try (Connection c = connect(spec.datasource());
             PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            version = rs.next() ? Objects.toString(rs.getString(1), "null") : "no rows";
            c.rollback();
        } catch (SQLException e) {
            throw new SourceReadException("SQL source " + spec.datasource() + ": the version query failed: "
                    + sources.safeMessage(spec.datasource(), e), e);
        }
        boolean same = versions.last(job).map(version::equals).orElse(false);
        if (same && !dryRun) {
            LOG.infof("job %s: source version %s is the one the last complete run synced: nothing to read this cycle",
                    job, version);
            report.record(new RunReport.Entry("", "", "skipped", "source version unchanged: " + version));
            return new Version(version, true);
        }
        return new Version(version, false);
    }

    /**
     * Opens the read: connects, checks or builds the query ({@code mappedColumns}: the columns the mapping reads, in
     * its spelling), runs it; the caller closes it.
     */
    public SqlRead open(String job, SqlSourceSpec spec, List<String> mappedColumns, boolean dryRun) {
        spec = required(job, spec);
        SqlSourceSettings.Source settings = sources.settings(spec.datasource());
        Connection c = connect(spec.datasource());
        String sql;
        SqlRead read;
        try {
            sql = query(job, spec, mappedColumns, c);
            BundledSamples.refuseLive(BundledSamples.isSample(settings.jdbcUrl()),
                    dryRun, config.allowSamples(), job, "the sample HR table",
                    "roster.sources." + spec.datasource() + ".jdbc-url");
            read = SqlRead.open("SQL source " + spec.datasource(), c, sql, settings.fetchSize(), settings.queryTimeout());
        } catch (SQLException e) {
            close(c);
            throw new SourceReadException("SQL source " + spec.datasource() + ": the query failed: "
                    + sources.safeMessage(spec.datasource(), e), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
        read.spellColumnsAs(mappedColumns);
        return read;
    }

    /** The statement to send: the admin's own SELECT (checked), or one built from the table and its columns. */
    String query(String job, SqlSourceSpec spec, List<String> mappedColumns, Connection c) throws SQLException {
        try {
            return SelectQuery.of(spec, mappedColumns, sources.dialect(spec.datasource()),
                    c.getMetaData().getIdentifierQuoteString());
        } catch (QueryRejectedException e) {
            throw new JobConfigException("job " + job + ", " + (spec.query() != null ? "sql.query" : "sql.table")
                    + ": " + e.getMessage(), e);
        }
    }

    private String checked(String job, String source, String sql, String where) {
        try {
            return SelectQuery.checked(sql, sources.dialect(source));
        } catch (QueryRejectedException e) {
            throw new JobConfigException("job " + job + ", " + where + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String name) {
        try {
            return sources.readOnly(name);
        } catch (SQLException e) {
            throw new SourceReadException("cannot connect to SQL source " + name + ": " + sources.safeMessage(name, e), e);
        }
    }

    private static SqlSourceSpec required(String job, SqlSourceSpec spec) {
        if (spec == null) {
            throw new JobConfigException("job " + job + " reads a SQL source, but its job file has no 'sql:' section");
        }
        return spec;
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing; the first error is reported
        }
    }
}
