package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.commands.HeldCommands;
import io.roster.state.HeldAction;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.List;

/** Held changes, approved or rejected one at a time or many at once; the next run applies what was approved. */
@Path("/console/held")
public class ConsoleHeld {

    private final HeldCommands held;
    private final Template page;

    public ConsoleHeld(HeldCommands held, @Location("console/held.html") Template page) {
        this.held = held;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("job") String job, @QueryParam("done") String done, @Context UriInfo uri,
                                 @Context ContainerRequestContext request) {
        List<String> jobs = job == null || job.isBlank() ? List.of() : List.of(job.strip());
        return page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("held", held.list(jobs, List.of())).data("job", job == null ? "" : job).data("done", done);
    }

    @POST
    @Path("decide")
    public Response decide(@FormParam("form") String form, @FormParam("decision") String decision,
                           @FormParam("id") List<Long> ids, @Context UriInfo uri,
                           @Context ContainerRequestContext request) {
        ConsoleAccess.admin(request, form);
        String d = HeldAction.APPROVED.equals(decision) ? HeldAction.APPROVED
                : HeldAction.REJECTED.equals(decision) ? HeldAction.REJECTED : null;
        if (d == null || ids.isEmpty()) {
            throw new BadRequestException("choose the held changes, and approve or reject them");
        }
        HeldCommands.Decided r = held.decide(d, List.of(), ids, false, "console");
        return Response.seeOther(URI.create(ConsoleAccess.base(uri) + "console/held?done="
                + java.net.URLEncoder.encode(d + ": " + r.decided().size(), java.nio.charset.StandardCharsets.UTF_8)))
                .build();
    }
}
