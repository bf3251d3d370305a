package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.commands.PlanCommands;
import io.roster.state.Plans;
import io.roster.steps.control.JobRunner;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * Plans: a job planned now (a dry run that keeps its changes, each with its reason: the source row, the rule, what the
 * target held), shown as a table, and applied as planned (only what is still exactly so; see roster apply).
 */
@Path("/console/plans")
public class ConsolePlans {

    /** Changes on one page. */
    static final int PAGE = 100;

    private final PlanCommands plans;
    private final Plans stored;
    private final JobRunner runner;
    private final ConsoleTasks tasks;
    private final io.roster.state.RunHistory history;
    private final Template page;

    public ConsolePlans(PlanCommands plans, Plans stored, JobRunner runner, ConsoleTasks tasks,
                        io.roster.state.RunHistory history, @Location("console/plan.html") Template page) {
        this.history = history;
        this.plans = plans;
        this.stored = stored;
        this.runner = runner;
        this.tasks = tasks;
        this.page = page;
    }

    /**
     * Plans the job in the background (reading the source and the target takes as long as a run) and shows the task,
     * which links to the plan when it is made.
     */
    @POST
    public Response plan(@FormParam("job") String job, @FormParam("form") String form, @Context UriInfo uri,
                         @Context ContainerRequestContext request) {
        String by = ConsoleAccess.admin(request, form).by();
        if (job == null || !runner.jobs().contains(job)) {
            throw new NotFoundException("no job " + job);
        }
        ConsoleTasks.Task task = tasks.start(List.of(job), "plan", () -> {
            PlanCommands.Planned planned = plans.plan(job, by);
            return planned.plan().map(p -> new ConsoleTasks.Outcome("planned " + p.changes().size() + " changes",
                            "console/plans/" + UrlParts.url(p.id())))
                    .orElseThrow(() -> new IllegalStateException("no plan was made: " + planned.whyNone()));
        });
        return ConsoleTaskPages.seeTask(uri, task);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@PathParam("id") String id, @QueryParam("person") String person,
                                 @QueryParam("page") @DefaultValue("1") int page, @Context UriInfo uri,
                                 @Context ContainerRequestContext request) {
        Plans.Plan plan = stored.header(id).orElseThrow(() -> new NotFoundException("no plan " + id));
        String who = person == null || person.isBlank() ? null : io.roster.mapping.Emails.key(person);
        long total = stored.changeCount(id, who);
        long pages = Math.max(1, (total + PAGE - 1) / PAGE);
        int p = (int) Math.min(Math.max(1, page), pages); // past the last page: the last page
        return this.page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("plan", plan).data("changes", stored.changes(id, who, (p - 1) * PAGE, PAGE)).data("total", total)
                .data("page", p).data("pages", pages).data("person", person == null ? "" : person);
    }

    /** Applies the plan in the background (a run of its own) and shows the task, which links to the run when it ends. */
    @POST
    @Path("{id}/apply")
    public Response apply(@PathParam("id") String id, @FormParam("form") String form, @Context UriInfo uri,
                          @Context ContainerRequestContext request) {
        String by = ConsoleAccess.admin(request, form).by();
        Plans.Plan plan = stored.header(id).orElseThrow(() -> new NotFoundException("no plan " + id));
        ConsoleTasks.Task task = tasks.start(List.of(plan.job()), "apply plan " + plan.id(), () -> {
            return ConsoleTasks.ofRun(plans.apply(id, by), history);
        });
        return ConsoleTaskPages.seeTask(uri, task);
    }
}
