package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.state.ChangeJournal;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;

/** The run history with its charts, and one run: its counts and its audit, a page at a time. */
@Path("/console/runs")
public class ConsoleRuns {

    /** Audit rows on one page: the first screen of a 100,000-people run comes at once. */
    static final int PAGE = 100;

    private final RunHistory history;
    private final ChangeJournal journal;
    private final Template list;
    private final Template one;

    public ConsoleRuns(RunHistory history, ChangeJournal journal, @Location("console/runs.html") Template list,
                       @Location("console/run.html") Template one) {
        this.history = history;
        this.journal = journal;
        this.list = list;
        this.one = one;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance runs(@QueryParam("job") String job, @Context UriInfo uri, @Context ContainerRequestContext request) {
        String j = job == null || job.isBlank() ? null : job.strip();
        List<RunRecord> runs = history.list(j, 200);
        return list.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("job", j).data("runs", runs)
                .data("charts", j == null ? List.of() : RunChart.of(runs.stream().filter(r -> !r.dryRun()).toList()));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance run(@PathParam("id") String id, @QueryParam("person") String person,
                                @QueryParam("action") String action, @QueryParam("page") @DefaultValue("1") int page,
                                @Context UriInfo uri, @Context ContainerRequestContext request) {
        RunRecord run = history.get(id).orElseThrow(() -> new NotFoundException("no run " + id));
        String who = person == null || person.isBlank() ? null : io.roster.mapping.Emails.key(person);
        long total = journal.auditCount(id, who, action);
        long pages = Math.max(1, (total + PAGE - 1) / PAGE);
        int p = (int) Math.min(Math.max(1, page), pages); // past the last page: the last page
        List<Map<String, Object>> rows = journal.auditPage(id, who, action, (p - 1) * PAGE, PAGE);
        return one.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("run", run).data("rows", rows).data("total", total).data("page", p)
                .data("pages", pages).data("person", person == null ? "" : person)
                .data("action", action == null ? "" : action);
    }
}
