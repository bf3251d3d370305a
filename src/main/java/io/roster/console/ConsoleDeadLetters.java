package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.commands.DeadLetterCommands;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
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
import java.util.Locale;

/** Dead letters: filtered by job, run and reason; retried or discarded, one or many; exported as CSV. */
@Path("/console/dead-letters")
public class ConsoleDeadLetters {

    private final DeadLetters letters;
    private final DeadLetterCommands commands;
    private final Template page;

    public ConsoleDeadLetters(DeadLetters letters, DeadLetterCommands commands,
                              @Location("console/dead-letters.html") Template page) {
        this.letters = letters;
        this.commands = commands;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("job") String job, @QueryParam("run") String run,
                                 @QueryParam("reason") String reason, @QueryParam("status") String status,
                                 @QueryParam("done") String done, @Context UriInfo uri,
                                 @Context ContainerRequestContext request) {
        return page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("letters", filtered(job, run, reason, status)).data("job", text(job)).data("run", text(run))
                .data("reason", text(reason)).data("status", status == null ? DeadLetter.OPEN : status)
                .data("done", done);
    }

    /** The same letters as the page, one row each, with every cell safe to open in a spreadsheet. */
    @GET
    @Path("export.csv")
    @Produces("text/csv")
    public Response export(@QueryParam("job") String job, @QueryParam("run") String run,
                           @QueryParam("reason") String reason, @QueryParam("status") String status) {
        StringBuilder csv = new StringBuilder(SafeCsv.row(List.of("id", "job", "run", "step", "person", "record",
                "reason", "attempts", "status", "created", "last failed")));
        for (DeadLetter l : filtered(job, run, reason, status)) {
            csv.append(SafeCsv.row(List.of(Long.toString(l.id()), l.job(), String.valueOf(l.run()), l.step(), l.key(),
                    l.record(), l.reason(), Integer.toString(l.attempts()), l.status(), String.valueOf(l.createdAt()),
                    String.valueOf(l.lastFailedAt()))));
        }
        return Response.ok(csv.toString()).header("Content-Disposition", "attachment; filename=\"dead-letters.csv\"")
                .build();
    }

    @POST
    @Path("retry")
    public Response retry(@FormParam("form") String form, @FormParam("id") List<Long> ids, @Context UriInfo uri,
                          @Context ContainerRequestContext request) {
        ConsoleAccess.admin(request, form);
        if (ids.isEmpty()) {
            throw new BadRequestException("choose the dead letters to retry");
        }
        DeadLetterCommands.RetryResult r = commands.retry(List.of(), ids);
        return back(uri, "retried: " + r.resolved().size() + " resolved, " + r.stillOpen().size() + " still open");
    }

    @POST
    @Path("discard")
    public Response discard(@FormParam("form") String form, @FormParam("id") List<Long> ids, @Context UriInfo uri,
                            @Context ContainerRequestContext request) {
        ConsoleAccess.admin(request, form);
        if (ids.isEmpty()) {
            throw new BadRequestException("choose the dead letters to discard");
        }
        return back(uri, "discarded: " + commands.discard(List.of(), ids));
    }

    private List<DeadLetter> filtered(String job, String run, String reason, String status) {
        String s = status == null || status.isBlank() ? DeadLetter.OPEN : "all".equals(status) ? null : status;
        String why = text(reason).toLowerCase(Locale.ROOT);
        return letters.list(job == null || job.isBlank() ? null : job.strip(), s).stream()
                .filter(l -> text(run).isEmpty() || text(run).equals(l.run()))
                .filter(l -> why.isEmpty() || String.valueOf(l.reason()).toLowerCase(Locale.ROOT).contains(why))
                .toList();
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static Response back(UriInfo uri, String done) {
        return Response.seeOther(URI.create(ConsoleAccess.base(uri) + "console/dead-letters?done="
                + java.net.URLEncoder.encode(done, java.nio.charset.StandardCharsets.UTF_8))).build();
    }
}
