package io.roster.api;

import io.roster.config.JobConfigException;
import io.roster.job.ConnectionCheck;
import io.roster.job.JobSpec;
import io.roster.job.JobSpecs;
import io.roster.source.sql.SchemaDiscovery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** SQL sources over HTTP: a job's connection check, and a source's tables and columns. */
@Path("/roster")
@Produces(MediaType.APPLICATION_JSON)
public class SourcesResource {

    private final ConnectionCheck check;
    private final SchemaDiscovery discovery;
    private final JobSpecs specs;

    public SourcesResource(ConnectionCheck check, SchemaDiscovery discovery, JobSpecs specs) {
        this.check = check;
        this.discovery = discovery;
        this.specs = specs;
    }

    @GET
    @Path("/jobs/{job}/check")
    public ConnectionCheck.Result check(@PathParam("job") String job) {
        try {
            JobSpec spec = specs.load(job);
            return check.check(job, spec.sql(), spec.mapping());
        } catch (JobConfigException | IllegalArgumentException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    @GET
    @Path("/sources/{name}/tables")
    public List<SchemaDiscovery.Table> tables(@PathParam("name") String name) {
        try {
            return discovery.tables(name);
        } catch (JobConfigException e) {
            throw new NotFoundException(e.getMessage());
        }
    }
}
