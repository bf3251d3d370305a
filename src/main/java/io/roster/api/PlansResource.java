package io.roster.api;

import io.roster.commands.PlanCommands;
import io.roster.report.RunReports;
import io.roster.state.Plans;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.Map;

/**
 * Plans over HTTP: {@code POST /roster/jobs/{job}/plan} plans the job (nothing is written) and answers with the plan;
 * {@code GET /roster/plans/{id}?person=} reads it (one person's changes: why is ana@… moving to Sales?);
 * {@code POST /roster/plans/{id}/apply} applies it, and only it.
 */
@Path("/roster")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {

    private final PlanCommands commands;

    public PlansResource(PlanCommands commands) {
        this.commands = commands;
    }

    @POST
    @Path("jobs/{job}/plan")
    public Plans.Plan plan(@PathParam("job") String job, @QueryParam("person") String person,
                           @QueryParam("by") @DefaultValue("http") String by) {
        PlanCommands.Planned planned;
        try {
            planned = commands.plan(job, by);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(e.getMessage());
        }
        Plans.Plan plan = planned.plan().orElseThrow(() -> new BadRequestException("no plan was made: "
                + planned.whyNone()));
        return commands.get(plan.id(), person).orElseThrow();
    }

    @GET
    @Path("plans/{id}")
    public Plans.Plan get(@PathParam("id") String id, @QueryParam("person") String person) {
        return commands.get(id, person).orElseThrow(() -> new NotFoundException("no plan " + id));
    }

    @POST
    @Path("plans/{id}/apply")
    public Map<String, Object> apply(@PathParam("id") String id, @QueryParam("by") @DefaultValue("http") String by) {
        get(id, null);
        return RunReports.of(commands.apply(id, by), Instant.now());
    }
}
