package io.roster.steps;

import io.roster.config.JobConfigException;
import io.roster.mapping.MappingSpec;
import io.roster.source.sql.SqlRead;
import io.roster.source.sql.SqlSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.util.HashSet;

/** The source stage of a SQL job: skip an unchanged cycle, or open the streaming read the route splits. */
@ApplicationScoped
@Named("sqlSource")
public class SqlSteps {

    private final SqlSource source;

    public SqlSteps(SqlSource source) {
        this.source = source;
    }

    /** True when the job's version_query says nothing changed since the last complete run: the cycle stops here. */
    public boolean unchanged(@ExchangeProperty(Run.PROPERTY) Run run) {
        SqlSource.Version v = source.version(run.job(), run.spec().sql(), run.dryRun(), run.report());
        if (v == null) {
            return false;
        }
        run.sourceVersion(v.value());
        return v.unchanged();
    }

    /** The rows, streamed from a read-only cursor; closed when the run's exchange completes, however it ends. */
    public SqlRead open(Exchange exchange) {
        Run run = exchange.getProperty(Run.PROPERTY, Run.class);
        MappingSpec mapping = run.spec().mapping();
        SqlRead read = OpenReads.attach(exchange, source.open(run.job(), run.spec().sql(), mapping.columns(), run.dryRun()));
        try {
            mapping.checkColumns(new HashSet<>(read.columns()), read.origin() + "'s query");
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        return read;
    }
}
