package io.roster.api;

import io.roster.commands.HeldCommands;
import io.roster.state.HeldAction;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The changes runs held back for a decision, over HTTP: {@code GET /roster/held?job=&id=}, {@code POST
 * /roster/held/approve?id=…&by=} or {@code ?job=…&all=true}, and {@code POST /roster/held/reject} alike.
 */
@Path("/roster/held")
@Produces(MediaType.APPLICATION_JSON)
public class HeldResource {

    private final HeldCommands commands;

    public HeldResource(HeldCommands commands) {
        this.commands = commands;
    }

    @GET
    public List<HeldAction> list(@QueryParam("job") List<String> jobs, @QueryParam("id") List<Long> ids) {
        return commands.list(jobs, ids);
    }

    @POST
    @Path("approve")
    public HeldCommands.Decided approve(@QueryParam("job") List<String> jobs, @QueryParam("id") List<Long> ids,
                                        @QueryParam("all") boolean all, @QueryParam("by") @DefaultValue("api") String by) {
        return decide(HeldAction.APPROVED, jobs, ids, all, by);
    }

    @POST
    @Path("reject")
    public HeldCommands.Decided reject(@QueryParam("job") List<String> jobs, @QueryParam("id") List<Long> ids,
                                       @QueryParam("all") boolean all, @QueryParam("by") @DefaultValue("api") String by) {
        return decide(HeldAction.REJECTED, jobs, ids, all, by);
    }

    private HeldCommands.Decided decide(String decision, List<String> jobs, List<Long> ids, boolean all, String by) {
        try {
            return commands.decide(decision, jobs, ids, all, by);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
