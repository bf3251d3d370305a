package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import io.roster.steps.control.JobRunner;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Each job with its last run; run now, or a dry run now. */
@Path("/console/jobs")
public class ConsoleJobs {

    private static final Logger LOG = Logger.getLogger("io.roster.console");

    /** A job as the page shows it: its last run, if any, and whether that run stands out (failed, could not run). */
    public record JobRow(String job, RunRecord last, boolean troubled) {
    }

    private final java.util.Set<String> starting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final JobRunner runner;
    private final RunHistory history;
    private final Template page;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "roster-console-run");
        t.setDaemon(true);
        return t;
    });

    public ConsoleJobs(JobRunner runner, RunHistory history, @Location("console/jobs.html") Template page) {
        this.runner = runner;
        this.history = history;
        this.page = page;
    }

    /** Shut down with Roster: a run started here and still under way gets up to 30 s to end. */
    @jakarta.annotation.PreDestroy
    void stop() {
        runs.shutdown();
        try {
            runs.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance jobs(@Context UriInfo uri, @Context ContainerRequestContext request) {
        List<JobRow> rows = new ArrayList<>();
        for (String job : runner.jobs()) {
            RunRecord last = history.list(job, 1).stream().findFirst().orElse(null);
            boolean troubled = last != null && (last.exitCode() != null && last.exitCode() >= 2
                    || "failed".equalsIgnoreCase(last.status()));
            rows.add(new JobRow(job, last, troubled));
        }
        return page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("jobs", rows);
    }

    /** Starts a run (or a dry run) and goes to the run history, where it appears when it ends. */
    @POST
    @Path("{job}/run")
    public Response run(@PathParam("job") String job, @FormParam("form") String form, @FormParam("dry") String dry,
                        @Context UriInfo uri, @Context ContainerRequestContext request) {
        ConsoleAccess.admin(request, form);
        if (!runner.jobs().contains(job)) {
            throw new NotFoundException("no job " + job);
        }
        boolean dryRun = "true".equals(dry);
        if (!starting.add(job)) {
            throw new jakarta.ws.rs.ClientErrorException("job " + job + " was started from the console and has not"
                    + " ended yet; it is listed in the run history when it ends", Response.Status.CONFLICT);
        }
        runs.submit(() -> {
            try {
                runner.run(job, dryRun, "console");
            } catch (Throwable e) { // its own run record says why when it got that far; the log says so in any case
                LOG.errorf(e, "job %s, started from the console, could not run: %s", job,
                        io.roster.secrets.SecretMask.apply(String.valueOf(e.getMessage())));
            } finally {
                starting.remove(job);
            }
        });
        return Response.seeOther(URI.create(ConsoleAccess.base(uri) + "console/runs?job="
                + URLEncoder.encode(job, StandardCharsets.UTF_8) + "&started=" + (dryRun ? "dry" : "run"))).build();
    }
}
