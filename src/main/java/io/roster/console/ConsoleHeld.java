package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.commands.HeldCommands;
import io.roster.state.HeldAction;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
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

    /** Held changes on one page; "all of this job" decides past the page. */
    static final int PAGE = 100;

    private final HeldCommands held;
    private final Template page;

    public ConsoleHeld(HeldCommands held, @Location("console/held.html") Template page) {
        this.held = held;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("job") String job, @QueryParam("page") @DefaultValue("1") int page,
                                 @QueryParam("approved") Integer approved, @QueryParam("rejected") Integer rejected,
                                 @Context UriInfo uri, @Context ContainerRequestContext request) {
        List<String> jobs = job == null || job.isBlank() ? List.of() : List.of(job.strip());
        List<HeldAction> all = held.list(jobs, List.of());
        int pages = Math.max(1, (all.size() + PAGE - 1) / PAGE);
        int p = Math.min(Math.max(1, page), pages);
        return this.page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("held", all.subList((p - 1) * PAGE, Math.min(all.size(), p * PAGE))).data("total", all.size())
                .data("page", p).data("pages", pages).data("job", jobs.isEmpty() ? "" : jobs.get(0))
                .data("upto", all.stream().mapToLong(HeldAction::id).max().orElse(0))
                .data("approved", approved).data("rejected", rejected);
    }

    @POST
    @Path("decide")
    public Response decide(@FormParam("form") String form, @FormParam("decision") String decision,
                           @FormParam("id") List<Long> ids, @FormParam("all-of-job") String allOfJob,
                           @FormParam("upto") long upto, @FormParam("count") int count,
                           @Context UriInfo uri, @Context ContainerRequestContext request) {
        String by = ConsoleAccess.admin(request, form).by();
        String d = HeldAction.APPROVED.equals(decision) ? HeldAction.APPROVED
                : HeldAction.REJECTED.equals(decision) ? HeldAction.REJECTED : null;
        boolean all = allOfJob != null && !allOfJob.isBlank();
        if (d == null || ids.isEmpty() && !all) {
            throw new BadRequestException("choose the held changes, and approve or reject them");
        }
        if (all) { // exactly the changes the admin saw: none held since, nor any fewer
            List<Long> seen = held.list(List.of(allOfJob.strip()), List.of()).stream().map(HeldAction::id)
                    .filter(id -> id <= upto).toList();
            if (seen.size() != count || seen.isEmpty()) {
                throw new jakarta.ws.rs.ClientErrorException(seen.size() + " of the changes you saw are still held, not "
                        + count + ": reload the page and decide again", Response.Status.CONFLICT);
            }
            ids = seen;
        }
        HeldCommands.Decided r = held.decide(d, List.of(), ids, false, by);
        return Response.seeOther(URI.create(ConsoleAccess.base(uri) + "console/held?" + d + "=" + r.decided().size()))
                .build();
    }
}
