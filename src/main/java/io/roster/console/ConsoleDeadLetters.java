package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.commands.DeadLetterCommands;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Dead letters: filtered by job, run and reason, a page at a time; retried or discarded, one or many; exported as CSV. */
@Path("/console/dead-letters")
public class ConsoleDeadLetters {

    /** Letters on one page. */
    static final int PAGE = 100;

    private final DeadLetters letters;
    private final DeadLetterCommands commands;
    private final ConsoleTasks tasks;
    private final Template page;

    public ConsoleDeadLetters(DeadLetters letters, DeadLetterCommands commands, ConsoleTasks tasks,
                              @Location("console/dead-letters.html") Template page) {
        this.letters = letters;
        this.commands = commands;
        this.tasks = tasks;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("job") String job, @QueryParam("run") String run,
                                 @QueryParam("reason") String reason, @QueryParam("status") String status,
                                 @QueryParam("page") @DefaultValue("1") int page, @QueryParam("discarded") Integer discarded,
                                 @Context UriInfo uri, @Context ContainerRequestContext request) {
        DeadLetters.Filter filter = filter(job, run, reason, status);
        long total = letters.count(filter);
        long pages = Math.max(1, (total + PAGE - 1) / PAGE);
        int p = (int) Math.min(Math.max(1, page), pages); // past the last page: the last page
        return this.page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("letters", letters.page(filter, (p - 1) * PAGE, PAGE)).data("total", total).data("page", p)
                .data("pages", pages).data("job", text(job)).data("run", text(run)).data("reason", text(reason))
                .data("status", status == null ? DeadLetter.OPEN : text(status)).data("discarded", discarded);
    }

    /** Every letter the page's filter leaves (not only its page), one row each, every cell safe to open in a spreadsheet. */
    @GET
    @Path("export.csv")
    @Produces("text/csv")
    public Response export(@QueryParam("job") String job, @QueryParam("run") String run,
                           @QueryParam("reason") String reason, @QueryParam("status") String status) {
        DeadLetters.Filter filter = filter(job, run, reason, status);
        StreamingOutput csv = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(SafeCsv.row(List.of("id", "job", "run", "step", "person", "record", "reason", "attempts", "status",
                    "created", "last failed")));
            long after = 0; // by id, not by offset: letters resolved meanwhile neither skip nor repeat a row
            while (true) {
                List<DeadLetter> some = letters.pageAfter(filter, after, 1000);
                for (DeadLetter l : some) {
                    w.write(SafeCsv.row(List.of(Long.toString(l.id()), l.job(), String.valueOf(l.run()), l.step(),
                            l.key() == null ? "" : l.key(), l.record(), l.reason(), Integer.toString(l.attempts()),
                            l.status(), String.valueOf(l.createdAt()), String.valueOf(l.lastFailedAt()))));
                    after = l.id();
                }
                if (some.size() < 1000) {
                    break;
                }
            }
            w.flush();
        };
        return Response.ok(csv).header("Content-Disposition", "attachment; filename=\"dead-letters.csv\"").build();
    }

    /** Retries the chosen letters in the background (a run of each of their jobs) and shows the task. */
    @POST
    @Path("retry")
    public Response retry(@FormParam("form") String form, @FormParam("id") List<Long> ids, @Context UriInfo uri,
                          @Context ContainerRequestContext request) {
        ConsoleAccess.admin(request, form);
        List<DeadLetter> chosen = ids.isEmpty() ? List.of() : commands.open(List.of(), ids);
        if (chosen.isEmpty()) {
            throw new BadRequestException("choose open dead letters to retry");
        }
        Set<String> jobs = new LinkedHashSet<>();
        chosen.forEach(l -> jobs.add(l.job()));
        ConsoleTasks.Task task = tasks.start(jobs, "retry " + chosen.size() + " dead letters", () -> {
            DeadLetterCommands.RetryResult r = commands.retry(List.of(), chosen.stream().map(DeadLetter::id).toList());
            return new ConsoleTasks.Outcome(r.resolved().size() + " resolved, " + r.stillOpen().size()
                    + " still open", "console/dead-letters?status=all");
        });
        return ConsoleTaskPages.seeTask(uri, task);
    }

    @POST
    @Path("discard")
    public Response discard(@FormParam("form") String form, @FormParam("id") List<Long> ids, @Context UriInfo uri,
                            @Context ContainerRequestContext request) {
        ConsoleAccess.admin(request, form);
        if (ids.isEmpty()) {
            throw new BadRequestException("choose the dead letters to discard");
        }
        int n = commands.discard(List.of(), ids);
        return Response.seeOther(URI.create(ConsoleAccess.base(uri) + "console/dead-letters?discarded=" + n)).build();
    }

    private static DeadLetters.Filter filter(String job, String run, String reason, String status) {
        String s = status == null || status.isBlank() ? DeadLetter.OPEN : "all".equals(status.strip()) ? null : status;
        return new DeadLetters.Filter(job, run, s, reason);
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }
}
