package io.roster.source.sql;

import io.roster.mapping.MappingSpec;
import io.roster.run.JobConfigException;
import io.roster.run.RosterConfig;
import io.roster.run.SyncRun;
import io.roster.source.BundledSamples;
import io.roster.source.OpenReads;
import io.roster.source.SourceReadException;
import io.roster.state.SourceVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The route steps of a SQL source: skip a cycle whose source version has not moved, and open the streaming read
 * that the route splits into batches. The read is closed when the run's exchange completes, however it ends.
 */
@ApplicationScoped
@Named("sqlSource")
public class SqlSource {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    /** The exchange property that holds the open read while the route splits it. */
    public static final String READ = OpenReads.READ;

    private final SqlSources sources;
    private final SourceVersions versions;
    private final RosterConfig config;

    public SqlSource(SqlSources sources, SourceVersions versions, RosterConfig config) {
        this.sources = sources;
        this.versions = versions;
        this.config = config;
    }

    /**
     * Runs the job's {@code version_query}; true when it returns what it returned at the last complete run, so the
     * cycle can stop before reading anything.
     */
    public boolean unchanged(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        SqlSourceSpec spec = spec(run);
        if (spec.versionQuery() == null) {
            return false;
        }
        String sql = checked(run, spec.datasource(), spec.versionQuery(), "sql.version_query");
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
        run.sourceVersion(version);
        boolean same = versions.last(run.job()).map(version::equals).orElse(false);
        if (same && !run.dryRun()) {
            LOG.infof("job %s: source version %s is the one the last complete run synced: nothing to read this cycle",
                    run.job(), version);
            run.record(new SyncRun.Entry("", "", "skipped", "source version unchanged: " + version));
            return true;
        }
        return false;
    }

    /** Opens the read: connects, checks or builds the query, runs it; the body becomes the row iterator. */
    public SqlRead open(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        SqlSourceSpec spec = spec(run);
        RosterConfig.SqlSource settings = sources.settings(spec.datasource());
        Connection c = connect(spec.datasource());
        String sql;
        SqlRead read;
        try {
            sql = query(run, spec, c);
            BundledSamples.refuseLive(BundledSamples.isSample(settings.jdbcUrl()),
                    run.dryRun(), config.allowSamples(), run.job(), "the sample HR table",
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
        OpenReads.attach(exchange, read);
        read.spellColumnsAs(mappedColumns(run.spec().mapping()));
        try {
            run.spec().mapping().checkColumns(new HashSet<>(read.columns()), read.origin() + "'s query");
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        return read;
    }

    /** The statement to send: the admin's own SELECT (checked), or one built from the table and its columns. */
    String query(SyncRun run, SqlSourceSpec spec, Connection c) throws SQLException {
        if (spec.query() != null) {
            return checked(run, spec.datasource(), spec.query(), "sql.query");
        }
        List<String> columns = spec.columns().isEmpty() ? mappedColumns(run.spec().mapping()) : spec.columns();
        try {
            return SelectQuery.build(spec.table(), columns, c.getMetaData().getIdentifierQuoteString());
        } catch (QueryRejectedException e) {
            throw new JobConfigException("job " + run.job() + ", sql.table: " + e.getMessage(), e);
        }
    }

    static List<String> mappedColumns(MappingSpec mapping) {
        return mapping.columns();
    }

    private String checked(SyncRun run, String source, String sql, String where) {
        try {
            return SelectQuery.checked(sql, sources.dialect(source));
        } catch (QueryRejectedException e) {
            throw new JobConfigException("job " + run.job() + ", " + where + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String name) {
        try {
            return sources.readOnly(name);
        } catch (SQLException e) {
            throw new SourceReadException("cannot connect to SQL source " + name + ": " + sources.safeMessage(name, e), e);
        }
    }

    private static SqlSourceSpec spec(SyncRun run) {
        SqlSourceSpec spec = run.spec().sql();
        if (spec == null) {
            throw new JobConfigException("job " + run.job() + " reads a SQL source, but its job file has no 'sql:' section");
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
