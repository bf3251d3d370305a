package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.job.JobSpecs;
import io.roster.observe.JobReachability;
import io.roster.report.RunReport;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import io.roster.steps.control.JobRunner;
import io.roster.steps.control.JobSchedules;
import io.roster.steps.control.RouteReloadGuard;
import io.roster.steps.control.TriggerControl;
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

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Each job: its source and target, schedule, last and next run, and why it could not run; run now, or dry run now. */
@Path("/console/jobs")
public class ConsoleJobs {

    /** Target names as the page shows them. */
    private static final Map<String, String> TARGETS = Map.of("sign", "Adobe Acrobat Sign",
            "signature365", "Signature 365", "entra", "Entra ID");

    /**
     * A job as the page shows it: where from and to, its schedule, its last run, and what stands out — the last run
     * failed or could not run, its route file's edit did not load, its schedule is broken, its source or target did not
     * answer the latest check.
     */
    public record JobRow(String job, String source, String target, JobSchedules.Schedule schedule, RunRecord last,
                         List<String> problems) {
        public boolean troubled() {
            return !problems.isEmpty();
        }
    }

    private final JobRunner runner;
    private final RunHistory history;
    private final JobSpecs specs;
    private final JobSchedules schedules;
    private final JobReachability reachability;
    private final RouteReloadGuard reloads;
    private final TriggerControl triggers;
    private final ConsoleTasks tasks;
    private final Template page;

    public ConsoleJobs(JobRunner runner, RunHistory history, JobSpecs specs, JobSchedules schedules,
                       JobReachability reachability, RouteReloadGuard reloads, TriggerControl triggers,
                       ConsoleTasks tasks, @Location("console/jobs.html") Template page) {
        this.runner = runner;
        this.history = history;
        this.specs = specs;
        this.schedules = schedules;
        this.reachability = reachability;
        this.reloads = reloads;
        this.triggers = triggers;
        this.tasks = tasks;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance jobs(@Context UriInfo uri, @Context ContainerRequestContext request) {
        List<JobRow> rows = new ArrayList<>();
        for (String job : runner.jobs()) {
            rows.add(row(job));
        }
        return page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("jobs", rows);
    }

    private JobRow row(String job) {
        Set<String> problems = new LinkedHashSet<>();
        RunRecord last = history.list(job, 1).stream().findFirst().orElse(null);
        if (last != null && (last.exitCode() != null && last.exitCode() >= 2 || "failed".equalsIgnoreCase(last.status())
                || "not-run".equalsIgnoreCase(last.status()))) {
            problems.add("last run " + last.status() + (last.error() == null ? "" : ": " + last.error()));
        }
        reloads.problem(job).ifPresent(problems::add);
        triggers.problem(job).ifPresent(p -> problems.add("schedule: " + p));
        JobReachability.Answer checked = reachability.latest().get(job);
        if (checked != null) {
            problems.addAll(checked.problems());
        }
        String source;
        try {
            source = specs.load(job).sourceName();
        } catch (RuntimeException e) {
            source = "";
            problems.add(io.roster.secrets.SecretMask.apply("job file: " + e.getMessage()));
        }
        String target = runner.target(job).map(TARGETS::get).orElse("");
        return new JobRow(job, source, target, schedules.of(job), last, List.copyOf(problems));
    }

    /** Starts a run (or a dry run) in the background and shows its task, which links to the run when it ends. */
    @POST
    @Path("{job}/run")
    public Response run(@PathParam("job") String job, @FormParam("form") String form, @FormParam("dry") String dry,
                        @Context UriInfo uri, @Context ContainerRequestContext request) {
        String by = ConsoleAccess.admin(request, form).by();
        if (!runner.jobs().contains(job)) {
            throw new NotFoundException("no job " + job);
        }
        boolean dryRun = "true".equals(dry);
        ConsoleTasks.Task task = tasks.start(List.of(job), dryRun ? "dry run" : "run", () -> {
            return ConsoleTasks.ofRun(runner.run(job, dryRun, by), history);
        });
        return ConsoleTaskPages.seeTask(uri, task);
    }
}
