package io.roster.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roster.job.ConnectionCheck;
import io.roster.job.JobSpec;
import io.roster.job.JobSpecs;
import io.roster.source.sql.SchemaDiscovery;
import io.roster.steps.control.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Run modes for SQL sources: {@code roster.check=true} checks the source of each selected job that has one;
 * {@code roster.discover=<source>} lists a source's tables and columns. Results are printed as JSON.
 */
@ApplicationScoped
public class SourceCommands {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final ConnectionCheck check;
    private final SchemaDiscovery discovery;
    private final JobRunner runner;
    private final JobSpecs specs;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SourceCommands(ConnectionCheck check, SchemaDiscovery discovery, JobRunner runner, JobSpecs specs) {
        this.check = check;
        this.discovery = discovery;
        this.runner = runner;
        this.specs = specs;
    }

    /** 0 when every checked source is OK, 2 otherwise. */
    public int check() {
        int exit = 0;
        int checked = 0;
        for (String job : runner.selectedJobs()) {
            if (!specs.file(job).toFile().isFile() || specs.load(job).sql() == null) {
                continue;
            }
            checked++;
            JobSpec spec = specs.load(job);
            ConnectionCheck.Result r = check.check(job, spec.sql(), spec.mapping());
            print(r);
            if (r.ok()) {
                LOG.infof("check %s: OK — %s", job, r.message());
            } else {
                LOG.errorf("check %s: %s — %s%s", job, r.outcome(), r.message(),
                        r.problems().isEmpty() ? "" : "; " + String.join("; ", r.problems()));
                exit = 2;
            }
        }
        if (checked == 0) {
            LOG.warn("check: none of the selected jobs " + runner.selectedJobs() + " reads a SQL source");
        }
        return exit;
    }

    public int discover(String source) {
        try {
            List<SchemaDiscovery.Table> tables = discovery.tables(source);
            print(tables);
            LOG.infof("SQL source %s: %d tables and views", source, tables.size());
            return 0;
        } catch (RuntimeException e) {
            LOG.error(e.getMessage());
            return 2;
        }
    }

    private void print(Object o) {
        try {
            System.out.println(json.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
