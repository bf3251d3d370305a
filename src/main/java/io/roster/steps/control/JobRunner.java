package io.roster.steps.control;

import io.roster.config.Invocations;
import io.roster.config.RosterConfig;
import io.roster.report.RunReport;
import io.roster.report.RunReports;
import io.roster.steps.Run;
import io.roster.steps.Runs;
import io.roster.steps.UndoSteps;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.jboss.logging.Logger;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs jobs on demand — all selected jobs once for {@code roster.once}, or one job for a test or a manual trigger. */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final RosterConfig config;
    private final Invocations invocations;
    private final TriggerControl triggers;

    public JobRunner(CamelContext camel, ProducerTemplate producer, RosterConfig config, Invocations invocations,
                     TriggerControl triggers) {
        this.triggers = triggers;
        this.camel = camel;
        this.producer = producer;
        this.config = config;
        this.invocations = invocations;
    }

    /** The jobs this process was asked about ({@code roster run JOB…}, {@code roster.jobs}), or every loaded job. */
    public List<String> selectedJobs() {
        List<String> asked = invocations.get().jobs();
        return asked.isEmpty() ? jobs() : asked;
    }

    /** Job routes currently loaded, in load order. */
    public List<String> jobs() {
        return JobRoutes.jobs(camel);
    }

    /** The target a job's route sends to ("sign", "signature365", "entra"), if its route says. */
    public Optional<String> target(String job) {
        return JobRoutes.target(camel, job);
    }

    /** Runs one job to its end and returns the run (its counts, entries and exit code). */
    public RunReport run(String job) {
        return run(job, config.dryRun());
    }

    /** Runs one job, as a dry run or not, whatever roster.dry-run says. */
    public RunReport run(String job, boolean dryRun) {
        return run(job, dryRun, "api");
    }

    /** Runs one job; {@code startedBy} is recorded in the run history (once, http, dead-letter retry, …). */
    public RunReport run(String job, boolean dryRun, String startedBy) {
        return run(job, dryRun, startedBy, Map.of());
    }

    /** Runs one job with more headers for its run ({@link Runs#PLAN_HEADER}, {@link Runs#APPLY_PLAN_HEADER}). */
    public RunReport run(String job, boolean dryRun, String startedBy, Map<String, Object> headers) {
        Route route = camel.getRoute(job);
        if (route == null || !JobRoutes.JOBS.equals(route.getGroup())) {
            throw new IllegalArgumentException("'" + job + "' is not a job; jobs: " + jobs());
        }
        Exchange done = producer.request(route.getEndpoint(), e -> {
            e.getIn().setHeader(Runs.DRY_RUN_HEADER, dryRun);
            e.getIn().setHeader(Runs.STARTED_BY_HEADER, startedBy);
            headers.forEach(e.getIn()::setHeader);
        });
        Run ran = done.getProperty(Run.PROPERTY, Run.class);
        RunReport run = ran == null ? null : ran.report();
        if (run == null) {
            throw new IllegalStateException("job " + job + " ended without a run: its route must start with runs.begin");
        }
        return run;
    }

    /** {@code roster plan JOB}: a dry run whose plan is kept (its id is the run's) for an admin to read and apply. */
    public RunReport plan(String job, String startedBy) {
        return run(job, true, startedBy, Map.of(Runs.PLAN_HEADER, true));
    }

    /** {@code roster apply PLAN_ID}: a run of the plan's job that applies the stored plan's changes, and only them. */
    public RunReport apply(String planId, String job, String startedBy) {
        return run(job, false, startedBy, Map.of(Runs.APPLY_PLAN_HEADER, planId));
    }

    /** Undoes a run ({@code roster undo}): a run of its job that puts back in Sign what it changed. */
    public RunReport undo(String runId, boolean dryRun, String startedBy) {
        Exchange done = producer.request("direct:undo", e -> {
            e.getIn().setHeader(UndoSteps.RUN_HEADER, runId);
            e.getIn().setHeader(Runs.DRY_RUN_HEADER, dryRun);
            e.getIn().setHeader(Runs.STARTED_BY_HEADER, startedBy);
        });
        Run ran = done.getProperty(Run.PROPERTY, Run.class);
        if (ran == null) {
            throw new IllegalStateException("the undo of run " + runId + " ended without a run");
        }
        return ran.report();
    }

    /** {@code roster undo RUN_ID}: the exit code is the undo run's; with {@code json}, its report goes there. */
    public int undoOnce(String runId, boolean dryRun, PrintStream json) {
        RunReport run = undo(runId, dryRun, "command line");
        if (json != null) {
            RunReports.print(json, RunReports.of(run, Instant.now()));
        }
        return run.exitCode();
    }

    /**
     * {@code roster run} / {@code roster.once}: every selected job once ({@code jobs}; empty: all); the exit code is the
     * worst of theirs. With {@code json}, each run's report goes there as one JSON array.
     */
    public int runOnce(List<String> jobs, boolean dryRun, PrintStream json) {
        List<String> all = jobs();
        List<String> selected = jobs.isEmpty() ? all : jobs;
        for (String job : selected) {
            if (!all.contains(job)) {
                LOG.errorf("'%s' is not a job; jobs: %s", job, all);
                return 2;
            }
        }
        if (selected.isEmpty()) {
            LOG.error("no job routes were loaded: check camel.main.routes-include-pattern and the routes folder");
            return 2;
        }
        int exit = 0;
        List<Map<String, Object>> reports = new ArrayList<>();
        for (String job : selected) {
            Optional<String> schedule = triggers.problem(job);
            if (schedule.isPresent()) {
                LOG.errorf("job %s is not run: %s", job, schedule.get());
                exit = 2;
                continue;
            }
            RunReport run = run(job, dryRun, "once");
            exit = Math.max(exit, run.exitCode());
            reports.add(RunReports.of(run, Instant.now()));
        }
        if (json != null) {
            RunReports.print(json, reports);
        }
        return exit;
    }
}
