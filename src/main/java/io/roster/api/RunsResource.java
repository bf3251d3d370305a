package io.roster.api;

import io.roster.commands.SourceSizeCommands;
import io.roster.observe.JobReachability;
import io.roster.report.RunReport;
import io.roster.report.RunReports;
import io.roster.state.ChangeJournal;
import io.roster.state.RemovalBaseline;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import io.roster.steps.control.JobRunner;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run statistics and manual runs over HTTP: {@code GET /roster/runs} (history, newest first),
 * {@code GET /roster/runs/{id}}, {@code GET /roster/runs/{id}/audit}, {@code POST /roster/jobs/{job}/run}; the removal
 * baseline: {@code GET /roster/jobs/{job}/removal-baseline}, {@code GET /roster/jobs/{job}/readiness}, {@code POST /roster/jobs/{job}/accept-source-size?people=N}.
 */
@Path("/roster")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private final RunHistory history;
    private final ChangeJournal journal;
    private final JobRunner runner;
    private final SourceSizeCommands sourceSizes;
    private final JobReachability reachability;

    public RunsResource(RunHistory history, ChangeJournal journal, JobRunner runner, SourceSizeCommands sourceSizes,
                        JobReachability reachability) {
        this.reachability = reachability;
        this.history = history;
        this.journal = journal;
        this.runner = runner;
        this.sourceSizes = sourceSizes;
    }

    @GET
    @Path("runs")
    public List<RunRecord> runs(@QueryParam("job") String job, @QueryParam("limit") @DefaultValue("50") int limit) {
        return history.list(job, Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("runs/{id}")
    public RunRecord run(@PathParam("id") String id) {
        return history.get(id).orElseThrow(() -> new NotFoundException("no run " + id));
    }

    @GET
    @Path("runs/{id}/audit")
    public List<Map<String, Object>> audit(@PathParam("id") String id) {
        run(id);
        return journal.audit(id);
    }

    @GET
    @Path("jobs")
    public List<String> jobs() {
        return runner.jobs();
    }

    /**
     * Runs a job now and answers when it has ended: its report, and the summary line its log ended with. {@code by}
     * says who asked, in the run's history (a one-shot command beside the service says "command line (…)").
     */
    @POST
    @Path("jobs/{job}/run")
    public Map<String, Object> runNow(@PathParam("job") String job, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
                                      @QueryParam("by") @DefaultValue("http") String by) {
        requireJob(job);
        RunReport run = runner.run(job, dryRun, by);
        Instant ended = Instant.now();
        Map<String, Object> out = RunReports.of(run, ended); // as roster run --json reports it
        out.put("summary", run.summary(ended));
        return out;
    }

    /** Undoes a run now (a run of its own, with its own audit) and answers when it has ended, with its report. */
    @POST
    @Path("runs/{id}/undo")
    public Map<String, Object> undo(@PathParam("id") String runId, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
                                    @QueryParam("by") @DefaultValue("http") String by) {
        history.get(runId).orElseThrow(() -> new NotFoundException("no run " + runId));
        return RunReports.of(runner.undo(runId, dryRun, by), Instant.now());
    }

    /** Whether the job could run now, with each precise problem (open health says only which part is wrong). */
    @GET
    @Path("jobs/{job}/readiness")
    public JobReachability.Answer readiness(@PathParam("job") String job) {
        requireJob(job);
        return reachability.latestOrNow(job);
    }

    /** What the job's next source size is measured against before its removals may happen. */
    @GET
    @Path("jobs/{job}/removal-baseline")
    public Map<String, Object> removalBaseline(@PathParam("job") String job) {
        requireJob(job);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", job);
        out.put("baseline", sourceSizes.baseline(job).orElse(null));
        return out;
    }

    /**
     * An admin accepts {@code people} as the job's source size after removals were withheld for a drop; stored with
     * {@code by} (who) and the baseline it replaced.
     */
    @POST
    @Path("jobs/{job}/accept-source-size")
    public Map<String, Object> acceptSourceSize(@PathParam("job") String job, @QueryParam("people") Integer people,
                                                @QueryParam("by") @DefaultValue("api") String by) {
        requireJob(job);
        if (people == null || people < 0) {
            throw new BadRequestException("name the source size you accept: ?people=N (0 or more)");
        }
        Optional<RemovalBaseline> replaced = sourceSizes.accept(job, people, by);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", job);
        out.put("accepted", people);
        out.put("by", by);
        out.put("replaced", replaced.orElse(null));
        return out;
    }

    private void requireJob(String job) {
        if (!runner.jobs().contains(job)) {
            throw new NotFoundException("no job " + job + "; jobs: " + runner.jobs());
        }
    }
}
