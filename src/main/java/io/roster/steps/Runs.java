package io.roster.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.roster.config.RosterConfig;
import io.roster.job.JobSpecs;
import io.roster.plan.RemovalGuard;
import io.roster.plan.RemovalSettings;
import io.roster.report.RunEnded;
import io.roster.report.RunInterruptedException;
import io.roster.report.RunReport;
import io.roster.report.RunReports;
import io.roster.report.RunStarted;
import io.roster.state.DeadLetters;
import io.roster.state.JobLocks;
import io.roster.state.RemovalBaselines;
import io.roster.state.RunHistory;
import io.roster.state.SourceVersions;
import io.roster.state.SourceWatermarks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Opens and closes runs: {@code begin} gives a run its id and lock, loads the job file and records the start (finding
 * a killed run to resume from); {@code finish} and {@code failed} let the targets' journals catch up, resolve dead
 * letters whose person is now in step, record the outcome, log the one summary line and write the JSON report; the
 * body becomes the run's {@link RunReport}. (Each batch's checkpoint is the run's own: {@link Run#checkpoint}.) Used
 * by every job route. One run per job at a time in this process.
 */
@ApplicationScoped
@Named("runs")
public class Runs {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    private static final String OWNS_JOB = "rosterOwnsJob";
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Set on the exchange that starts a job to run it as a dry run (or not) regardless of roster.dry-run. */
    public static final String DRY_RUN_HEADER = "RosterDryRun";
    /** Set on the exchange that starts a job to keep the dry run's plan ({@code roster plan}). */
    public static final String PLAN_HEADER = "RosterPlan";
    /** Set on the exchange that starts a job to apply a stored plan, and only it ({@code roster apply}). */
    public static final String APPLY_PLAN_HEADER = "RosterApplyPlan";
    /** Set on the exchange that starts a job to say who started it (once, http, dead-letter retry); else "schedule". */
    public static final String STARTED_BY_HEADER = "RosterStartedBy";

    private final RosterConfig config;
    private final JobSpecs specs;
    private final RunHistory history;
    private final DeadLetters deadLetters;
    private final RemovalGuard removalGuard;
    private final RemovalBaselines baselines;
    private final String host = host();
    private final Map<String, RunReport> last = new ConcurrentHashMap<>();
    private final Map<String, String> running = new ConcurrentHashMap<>();
    /** The runs under way, for a stop to reach them. */
    private final Map<String, Run> active = new ConcurrentHashMap<>();
    private volatile String stopping;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final SourceVersions versions;
    private final SourceWatermarks watermarks;
    private final Event<RunStarted> started;
    private final Event<RunEnded> endedEvents;
    private final JobLocks locks;
    private final Duration progressEvery;

    public Runs(RosterConfig config, JobSpecs specs, RunHistory history, DeadLetters deadLetters,
                SourceVersions versions, SourceWatermarks watermarks, Event<RunStarted> started, Event<RunEnded> endedEvents,
                JobLocks locks, RemovalBaselines baselines, RemovalSettings removals) {
        this.baselines = baselines;
        this.started = started;
        this.endedEvents = endedEvents;
        this.locks = locks;
        this.versions = versions;
        this.watermarks = watermarks;
        this.config = config;
        this.specs = specs;
        this.history = history;
        this.deadLetters = deadLetters;
        this.removalGuard = RemovalGuard.parse(removals.maxSourceDrop(), removals.removalsDespiteRejections());
        this.progressEvery = config.progressInterval();
    }

    /** The log context's fields for a run's job and id (the names the metrics' label uses). */
    static final String MDC_JOB = "roster_job";
    static final String MDC_RUN = "roster_run";

    /** Opens a run of {@code job}: its id, its lock, its row in the run history, its job file. */
    public void begin(String job, Exchange exchange) {
        String id = ID.format(Instant.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        boolean dryRun = exchange.getIn().getHeader(DRY_RUN_HEADER, config.dryRun(), Boolean.class);
        String startedBy = exchange.getIn().getHeader(STARTED_BY_HEADER, "schedule", String.class);
        RunReport report = new RunReport(job, id, dryRun, startedBy);
        // every log line of the run carries its job and run id (JSON logs: fields of "mdc"); Camel carries them to the
        // threads its routes hand the run to (camel.main.mdc-logging-keys-pattern)
        MDC.put(MDC_JOB, job);
        MDC.put(MDC_RUN, id);
        // The run exists before the job file is read, so a bad file still ends in a summary and a report.
        exchange.setProperty(Run.PROPERTY, new Run(report, null, history, progressEvery));
        String other = running.putIfAbsent(job, id);
        if (other != null) {
            throw new IllegalStateException("job " + job + " is still running (run " + other + "); this start was skipped");
        }
        boolean locked;
        try {
            locked = locks.acquire(job);
        } catch (RuntimeException e) {
            running.remove(job, id);
            throw e;
        }
        if (!locked) {
            running.remove(job, id);
            throw new IllegalStateException("job " + job + " is running on another Roster instance (its lock is held in"
                    + " the state database); this start was skipped");
        }
        exchange.setProperty(OWNS_JOB, true);
        history.begin(report, host).ifPresent(report::resumedFrom);
        Run run = new Run(report, specs.load(job), history, progressEvery);
        // on the exchange before anything else can fail, so a failure from here on closes this run, not the placeholder
        exchange.setProperty(Run.PROPERTY, run);
        run.storePlan(dryRun && exchange.getIn().getHeader(PLAN_HEADER, false, Boolean.class));
        run.applyPlan(dryRun ? null : exchange.getIn().getHeader(APPLY_PLAN_HEADER, String.class));
        active.put(job, run);
        if (stopping != null) {
            run.stop(stopping);
        }
        report.reportLimit(config.report().maxActions());
        report.rememberSyncsOf(deadLetters.openKeys(job));
        started.fire(new RunStarted(job));
        LOG.infof("job %s run %s started by %s%s", job, id, startedBy, dryRun ? " (dry run: nothing will be written)" : "");
        if (report.resumedFrom() != null) {
            int done = history.batchesDone(report.resumedFrom());
            report.warn("run " + report.resumedFrom() + " was stopped before its end after " + done
                    + " batches; this run resumes it: what it applied is in Sign and is not repeated");
        }
    }

    /**
     * A streamed source's batch has been planned, whether or not it filled a request: the progress line, when one is
     * due (roster.progress-interval). Checkpoints come with the requests sent, which a run of few changes seldom fills.
     */
    public void progress(@ExchangeProperty(Run.PROPERTY) Run run) {
        run.progress();
    }

    /**
     * Safety, for every target's removals: why they are withheld this run, if they are ({@link RemovalGuard}). Decided
     * once per run, when its source has been read, and kept on the run: a run that withheld removals is never the
     * next run's baseline.
     */
    public Optional<String> removalsWithheld(RunReport report) {
        return report.removalsWithheld(() -> removalGuard.withhold(new RemovalGuard.SourceRead(report.sourcePeople(),
                report.readIncomplete(), report.rejectedRecords()), baselines.of(report.job()), report.job()));
    }

    public RunReport finish(@ExchangeProperty(Run.PROPERTY) Run run) {
        close(run);
        return run.report();
    }

    /** The route's error handler lands here when a run cannot go on (bad config, unreadable source, Sign unreachable). */
    public void failed(Exchange exchange) {
        Run run = exchange.getProperty(Run.PROPERTY, Run.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : cause.getMessage();
        if (run == null) {
            String job = exchange.getFromRouteId();
            run = new Run(new RunReport(job, "none", config.dryRun(), "schedule"), null, history, progressEvery);
            exchange.setProperty(Run.PROPERTY, run); // what the caller reads of a start that never became a run
        }
        if (run.isClosed()) {
            return; // a later batch of a run that already ended here: it sent nothing (continueOrStop)
        }
        RunReport report = run.report();
        if (cause instanceof RunInterruptedException) {
            report.interrupted(reason);
        } else {
            report.error(reason == null ? cause.getClass().getSimpleName() : reason);
        }
        if (!Boolean.TRUE.equals(exchange.getProperty(OWNS_JOB, Boolean.class))) {
            // Never started (the job was already running): nothing to record beyond the log line.
            LOG.warn(report.summary(Instant.now()));
            MDC.remove(MDC_JOB);
            MDC.remove(MDC_RUN);
            return;
        }
        close(run);
    }

    /** Asks every running run to stop at its next batch boundary (and any run starting from now on); returns how many ran. */
    public int stopAll(String why) {
        stopping = why;
        active.values().forEach(r -> r.stop(why));
        return running.size();
    }

    /** Asks the job's run under way, if there is one, to stop at its next batch boundary; false when none is. */
    public boolean stop(String job, String why) {
        Run run = active.get(job);
        if (run != null) {
            run.stop(why);
        }
        return run != null;
    }

    /** Waits until no run is under way in this process, at most {@code grace}; false when one still is. */
    public boolean awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The report of the job's run under way in this process, if one is. */
    public Optional<RunReport> running(String job) {
        return Optional.ofNullable(active.get(job)).map(Run::report);
    }

    /** The report of the job's last run in this process. */
    public Optional<RunReport> last(String job) {
        return Optional.ofNullable(last.get(job));
    }

    private void close(Run run) {
        // what was sent is journaled first, however the run ends: the next run sends none of it again
        for (Runnable r : run.takeBeforeEnd()) {
            try {
                r.run();
            } catch (RuntimeException e) {
                run.report().error((run.report().error() == null ? "" : run.report().error() + "; ") + e.getMessage());
            }
        }
        if (!run.close()) {
            return;
        }
        RunReport report = run.report();
        Instant ended = Instant.now();
        if (!report.cleanedUp().isEmpty()) {
            report.warn("source values cleaned up (roster.clean-up.*): " + report.cleanedUp().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
        }
        if (report.writeBackFailures() > 1) {
            report.warn(report.writeBackFailures() + " applied changes in all could not be written back (roster.write-back)");
        }
        try {
            if (!report.dryRun() && report.error() == null) {
                int resolved = deadLetters.resolve(report);
                if (resolved > 0) {
                    report.warn(resolved + " dead letters were resolved: their people are now in step");
                }
            }
            history.finish(report, ended);
            // an apply run synced only a stored plan's changes: the source is not in step, the next cycle reads it
            boolean whole = run.applyPlan() == null;
            if (whole && run.sourceVersion() != null && !report.dryRun() && report.exitCode() == 0
                    && report.sourcePeople() != null) {
                versions.record(report.job(), report.id(), run.sourceVersion());
            }
            // A run with failures keeps the old watermark: its failed records are read again next time.
            if (whole && run.sourceWatermark() != null && !report.dryRun() && report.exitCode() == 0
                    && report.error() == null) {
                watermarks.record(report.job(), report.id(), run.sourceWatermark());
            }
        } catch (RuntimeException e) {
            report.error((report.error() == null ? "" : report.error() + "; ") + e.getMessage());
            LOG.errorf("job %s run %s: %s", report.job(), report.id(), e.getMessage());
        } finally {
            active.remove(report.job(), run);
            running.remove(report.job(), report.id());
            locks.release(report.job());
        }
        // the one summary line of a run: INFO whatever it found (exit 0 or 1, the counts say); ERROR when the job
        // could not run (exit 2), which is what an alert on the logs looks for; WARN when Roster stopped it at a
        // batch boundary (the next run resumes it)
        String line = report.summary(ended);
        if (report.interruption() != null) {
            LOG.warn(line);
        } else if (report.exitCode() >= 2) {
            LOG.error(line);
        } else {
            LOG.info(line);
        }
        MDC.remove(MDC_JOB);
        MDC.remove(MDC_RUN);
        last.put(report.job(), report);
        endedEvents.fire(new RunEnded(report, ended));
        config.reportDir().ifPresent(dir -> writeReport(report, ended, Path.of(dir)));
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "unknown";
            }
        }
        return h + " (" + System.getProperty("user.name", "?") + ")";
    }

    private void writeReport(RunReport run, Instant ended, Path dir) {
        Map<String, Object> report = RunReports.of(run, ended);
        try {
            Files.createDirectories(dir);
            json.writeValue(dir.resolve(run.job() + "-" + run.id() + ".json").toFile(), report);
        } catch (IOException e) {
            LOG.errorf("could not write the report of job %s run %s to %s: %s", run.job(), run.id(), dir, e.getMessage());
        }
    }
}
