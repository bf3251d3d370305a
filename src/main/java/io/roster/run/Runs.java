package io.roster.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.roster.observe.RosterMetrics;
import io.roster.plan.RemovalGuard;
import io.roster.state.DeadLetters;
import io.roster.state.RemovalBaselines;
import io.roster.state.RunHistory;
import io.roster.state.SourceVersions;
import io.roster.state.SourceWatermarks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Opens and closes runs: {@code begin} gives a run its id, loads the job file and records the start (finding a
 * killed run to resume from); {@code checkpoint} records each applied batch; {@code finish} and {@code failed}
 * resolve dead letters whose person is now in step, record the outcome, log the one summary line and write the
 * JSON report. Used by every job route. One run per job at a time in this process.
 */
@ApplicationScoped
@Named("runs")
public class Runs {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    private static final String OWNS_JOB = "rosterOwnsJob";
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The exchange property a route may set to the number of changes in the batch it checkpoints next. */
    public static final String BATCH_CHANGES = "batchChanges";
    /** Set on the exchange that starts a job to run it as a dry run (or not) regardless of roster.dry-run. */
    public static final String DRY_RUN_HEADER = "RosterDryRun";
    /** Set on the exchange that starts a job to say who started it (once, http, dead-letter retry); else "schedule". */
    public static final String STARTED_BY_HEADER = "RosterStartedBy";

    private final RosterConfig config;
    private final JobSpecs specs;
    private final RunHistory history;
    private final DeadLetters deadLetters;
    private final RemovalGuard removalGuard;
    private final RemovalBaselines baselines;
    private final String host = host();
    private final Map<String, SyncRun> last = new ConcurrentHashMap<>();
    private final Map<String, String> running = new ConcurrentHashMap<>();
    /** The runs under way, for a stop to reach them. */
    private final Map<String, SyncRun> active = new ConcurrentHashMap<>();
    private volatile String stopping;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final SourceVersions versions;
    private final SourceWatermarks watermarks;
    private final RosterMetrics metrics;
    private final JobLocks locks;
    private final Duration progressEvery;

    public Runs(RosterConfig config, JobSpecs specs, RunHistory history, DeadLetters deadLetters,
                SourceVersions versions, SourceWatermarks watermarks, RosterMetrics metrics,
                JobLocks locks, RemovalBaselines baselines) {
        this.baselines = baselines;
        this.metrics = metrics;
        this.locks = locks;
        this.versions = versions;
        this.watermarks = watermarks;
        this.config = config;
        this.specs = specs;
        this.history = history;
        this.deadLetters = deadLetters;
        this.removalGuard = RemovalGuard.parse(config.safety().maxSourceDrop(),
                config.safety().removalsDespiteRejections());
        this.progressEvery = config.progressInterval();
    }

    public void begin(String job, Exchange exchange) {
        String id = ID.format(Instant.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        boolean dryRun = exchange.getIn().getHeader(DRY_RUN_HEADER, config.dryRun(), Boolean.class);
        String startedBy = exchange.getIn().getHeader(STARTED_BY_HEADER, "schedule", String.class);
        // The run exists before the job file is read, so a bad file still ends in a summary and a report.
        SyncRun placeholder = new SyncRun(job, id, dryRun, null, startedBy);
        exchange.setProperty("run", placeholder);
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
        history.begin(placeholder, host).ifPresent(placeholder::resumedFrom);
        SyncRun run = new SyncRun(job, id, dryRun, specs.load(job), startedBy);
        run.resumedFrom(placeholder.resumedFrom());
        active.put(job, run);
        if (stopping != null) {
            run.stop(stopping);
        }
        run.reportLimit(config.report().maxActions());
        run.rememberSyncsOf(deadLetters.openKeys(job));
        exchange.setProperty("run", run);
        metrics.watch(job);
        LOG.infof("job %s run %s started by %s%s", job, id, startedBy, run.dryRun() ? " (dry run: nothing will be written)" : "");
        if (run.resumedFrom() != null) {
            int done = history.batchesDone(run.resumedFrom());
            run.warn("run " + run.resumedFrom() + " was stopped before its end after " + done
                    + " batches; this run resumes it: what it applied is in Sign and is not repeated");
        }
    }

    /**
     * A batch of the apply step has ended: record the checkpoint and the counters so far, unless it changed nothing.
     * The batch's changes are the {@value #BATCH_CHANGES} property when the route sets one (the body may by then be
     * a target's reply), else the size of the body.
     */
    public void checkpoint(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Integer changes = exchange.getProperty(BATCH_CHANGES, Integer.class);
        int size = changes != null ? changes : exchange.getIn().getBody() instanceof Collection<?> c ? c.size() : 0;
        if (size > 0) { // a batch that changed nothing leaves nothing to resume from; its counts go with the next
            history.checkpoint(run, run.nextBatch(), size);
        }
        long applied = run.applied(size);
        // Sign knows its plan's size; a streamed source (Signature 365 jobs) only how many people it has read so far.
        Optional<String> line = run.signPlan() != null
                ? run.progress(progressEvery).due(applied, (long) run.signPlan().actions().size(), "changes applied", Instant.now())
                : run.progress(progressEvery).due(run.count(SyncRun.Count.PROCESSED), null, "people read", Instant.now());
        line.ifPresent(l -> LOG.infof("job %s run %s: %s", run.job(), run.id(), l));
    }

    /**
     * A streamed source's batch has been planned, whether or not it filled a request: the progress line, when one is
     * due (roster.progress-interval). Checkpoints come with the requests sent, which a run of few changes seldom fills.
     */
    public void progress(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        run.progress(progressEvery).due(run.count(SyncRun.Count.PROCESSED), null, "people read", Instant.now())
                .ifPresent(l -> LOG.infof("job %s run %s: %s", run.job(), run.id(), l));
    }

    /**
     * Safety, for every target's removals: why they are withheld this run, if they are ({@link RemovalGuard}). Decided
     * once per run, when its source has been read, and kept on the run: a run that withheld removals is never the
     * next run's baseline.
     */
    public Optional<String> removalsWithheld(SyncRun run) {
        return run.removalsWithheld(() -> removalGuard.withhold(run.sourceRead(), baselines.of(run.job()), run.job()));
    }

    public void finish(Exchange exchange) {
        close(exchange.getProperty("run", SyncRun.class));
    }

    /** The route's error handler lands here when a run cannot go on (bad config, unreadable source, Sign unreachable). */
    public void failed(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : cause.getMessage();
        if (run == null) {
            String job = exchange.getFromRouteId();
            run = new SyncRun(job, "none", config.dryRun(), null);
        }
        if (run.isClosed()) {
            return; // a later batch of a run that already ended here: it sent nothing (continueOrStop)
        }
        if (cause instanceof RunInterruptedException) {
            run.interrupted(reason);
        } else {
            run.error(reason == null ? cause.getClass().getSimpleName() : reason);
        }
        if (!Boolean.TRUE.equals(exchange.getProperty(OWNS_JOB, Boolean.class))) {
            // Never started (the job was already running): nothing to record beyond the log line.
            LOG.warn(run.summary(Instant.now()));
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

    /** The job's run under way in this process, if one is. */
    public Optional<SyncRun> running(String job) {
        return Optional.ofNullable(active.get(job));
    }

    public Optional<SyncRun> last(String job) {
        return Optional.ofNullable(last.get(job));
    }

    private void close(SyncRun run) {
        if (!run.close()) {
            return;
        }
        Instant ended = Instant.now();
        if (!run.cleanedUp().isEmpty()) {
            run.warn("source values cleaned up (roster.clean-up.*): " + run.cleanedUp().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
        }
        if (run.writeBackFailures() > 1) {
            run.warn(run.writeBackFailures() + " applied changes in all could not be written back (roster.write-back)");
        }
        try {
            if (!run.dryRun() && run.error() == null) {
                int resolved = deadLetters.resolve(run, run.synced());
                if (resolved > 0) {
                    run.warn(resolved + " dead letters were resolved: their people are now in step");
                }
            }
            history.finish(run, ended);
            if (run.sourceVersion() != null && !run.dryRun() && run.exitCode() == 0 && run.sourcePeople() != null) {
                versions.record(run.job(), run.id(), run.sourceVersion());
            }
            // A run with failures keeps the old watermark: its failed records are read again next time.
            if (run.sourceWatermark() != null && !run.dryRun() && run.exitCode() == 0 && run.error() == null) {
                watermarks.record(run.job(), run.id(), run.sourceWatermark());
            }
        } catch (RuntimeException e) {
            run.error((run.error() == null ? "" : run.error() + "; ") + e.getMessage());
            LOG.errorf("job %s run %s: %s", run.job(), run.id(), e.getMessage());
        } finally {
            active.remove(run.job(), run);
            running.remove(run.job(), run.id());
            locks.release(run.job());
        }
        String line = run.summary(ended);
        if (run.exitCode() == 0) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
        last.put(run.job(), run);
        metrics.ended(run, ended);
        config.reportDir().ifPresent(dir -> writeReport(run, ended, Path.of(dir)));
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

    private void writeReport(SyncRun run, Instant ended, Path dir) {
        Map<String, Object> report = RunReports.of(run, ended);
        try {
            Files.createDirectories(dir);
            json.writeValue(dir.resolve(run.job() + "-" + run.id() + ".json").toFile(), report);
        } catch (IOException e) {
            LOG.errorf("could not write the report of job %s run %s to %s: %s", run.job(), run.id(), dir, e.getMessage());
        }
    }
}
