package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.job.ConnectionCheck;
import io.roster.job.JobSpec;
import io.roster.job.JobSpecs;
import io.roster.secrets.SecretMask;
import io.roster.source.sql.SchemaDiscovery;
import io.roster.steps.control.JobRunner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's source, as the Database Connector's window shows it: the connection check (cannot connect, query error, or
 * OK with a few sample rows, personal and secret values masked, and which target field each column feeds), the
 * source's tables and columns; and Roster's effective settings, every secret masked.
 */
@Path("/console/sources")
public class ConsoleSources {

    private final JobRunner runner;
    private final JobSpecs specs;
    private final ConnectionCheck check;
    private final SchemaDiscovery discovery;
    private final Config config;
    private final Template page;

    public ConsoleSources(JobRunner runner, JobSpecs specs, ConnectionCheck check, SchemaDiscovery discovery,
                          Config config, @Location("console/sources.html") Template page) {
        this.runner = runner;
        this.specs = specs;
        this.check = check;
        this.discovery = discovery;
        this.config = config;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance sources(@QueryParam("job") String job, @Context UriInfo uri,
                                    @Context ContainerRequestContext request) {
        TemplateInstance out = page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("jobs", runner.jobs()).data("job", job == null ? "" : job).data("settings", settings());
        if (job == null || job.isBlank() || !runner.jobs().contains(job)) {
            return out.data("problem", null).data("result", null).data("tables", List.of());
        }
        try {
            JobSpec spec = specs.load(job);
            if (spec.sql() == null) {
                return out.data("problem", "job " + job + " reads no SQL source; its connection is checked by roster"
                        + " check " + job).data("result", null).data("tables", List.of());
            }
            ConnectionCheck.Result result = check.check(job, spec.sql(), spec.mapping());
            String problem = null;
            List<SchemaDiscovery.Table> tables = List.of();
            if (result.outcome() != ConnectionCheck.Outcome.CANNOT_CONNECT) {
                try {
                    tables = discovery.tables(spec.sql().datasource());
                } catch (RuntimeException e) { // connected, but the catalogue could not be listed: the rest still shows
                    problem = "the tables of " + spec.sql().datasource() + " could not be listed: "
                            + SecretMask.apply(String.valueOf(e.getMessage()));
                }
            }
            return out.data("problem", problem).data("result", result).data("tables", tables);
        } catch (RuntimeException e) {
            return out.data("problem", SecretMask.apply(String.valueOf(e.getMessage()))).data("result", null)
                    .data("tables", List.of());
        }
    }

    /** Every roster.* setting in effect, a secret's value (by its name, or by what it holds) masked. */
    private Map<String, String> settings() {
        Map<String, String> out = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("roster.")) {
                try {
                    config.getOptionalValue(name, String.class).ifPresent(v -> out.put(name, SecretMask.maskField(name, v)));
                } catch (RuntimeException unexpandable) { // a ${…} that cannot be expanded: named, never shown raw
                    out.put(name, "(cannot be read: " + SecretMask.apply(String.valueOf(unexpandable.getMessage())) + ")");
                }
            }
        }
        return out;
    }
}
