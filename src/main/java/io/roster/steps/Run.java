package io.roster.steps;

import io.roster.job.JobSpec;
import io.roster.report.Progress;
import io.roster.report.RunInterruptedException;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.state.RunHistory;
import io.roster.state.SourceWatermark;
import io.roster.targets.TargetRun;
import io.roster.targets.http.RequestCounter;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One run of one job while it goes: its report, its job file, where it stands (batches, stop asked, ended), and the
 * sessions its targets' steps keep for the length of the run. Carried as the exchange property {@code run}; only the
 * steps room sees it. What outlives the run is its {@link RunReport}.
 */
public final class Run implements TargetRun {

    /** The exchange property that carries the run. */
    public static final String PROPERTY = "run";

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final RunReport report;
    private final JobSpec spec;
    private final RunHistory history;
    private final Progress progress;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String stopAsked;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicLong applied = new AtomicLong();
    private volatile long planned = -1;
    private volatile String sourceVersion;
    private volatile boolean storePlan;
    private volatile String applyPlan;
    private volatile SourceWatermark sourceWatermark;
    private final Map<Class<?>, Object> sessions = new HashMap<>();
    private final List<Runnable> beforeEnd = new ArrayList<>();
    private Instant throttledUntil = Instant.EPOCH;
    private final RequestCounter requests = new RequestCounter() {
        @Override
        public void count(String outcome) {
            report.requestSent();
        }

        /** Once per answer that asked to wait: a 429, a load-shedding 503, a throttled part of a batch. */
        @Override
        public void throttled(Duration wait) {
            report.throttledAnswer();
            throttledFor(wait);
        }
    };

    Run(RunReport report, JobSpec spec, RunHistory history, Duration progressEvery) {
        this.report = report;
        this.spec = spec;
        this.history = history;
        this.progress = new Progress(report.started(), progressEvery);
    }

    @Override
    public RunReport report() {
        return report;
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public RequestCounter requests() {
        return requests;
    }

    /** The session a target's steps keep for this run, made on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <S> S session(Class<S> type, Supplier<S> make) {
        return (S) sessions.computeIfAbsent(type, t -> make.get());
    }

    /** Work that must be done before the run ends however it ends (a target's journal catching up with what it sent). */
    @Override
    public synchronized void beforeEnd(Runnable r) {
        beforeEnd.add(r);
    }

    synchronized List<Runnable> takeBeforeEnd() {
        List<Runnable> out = new ArrayList<>(beforeEnd);
        beforeEnd.clear();
        return out;
    }

    /** How many changes the run plans in all, once it knows (Sign); progress then says "x of n changes". */
    public void planned(long n) {
        planned = n;
    }

    /** Roster is stopping: the run ends at its next batch boundary ({@link #continueOrStop}). */
    void stop(String why) {
        stopAsked = why;
    }

    @Override
    public void continueOrStop() {
        if (closed.get() || report.error() != null) {
            throw new IllegalStateException("run " + id() + " has ended"
                    + (report.error() == null ? "" : ": " + report.error()));
        }
        String why = stopAsked;
        if (why != null) {
            throw new RunInterruptedException(why + ": run " + id() + " ended after " + batches.get()
                    + " batches; the next run resumes it");
        }
    }

    @Override
    public void checkpoint(int changes) {
        if (changes > 0) { // a batch that changed nothing leaves nothing to resume from; its counts go with the next
            history.checkpoint(report, batches.incrementAndGet(), changes);
        }
        long done = applied.addAndGet(changes);
        // Sign knows its plan's size; a streamed source (Signature 365 jobs) only how many people it has read so far.
        (planned >= 0
                ? progress.due(done, planned, "changes applied", Instant.now())
                : progress.due(report.count(Count.PROCESSED), null, "people read", Instant.now()))
                .ifPresent(l -> LOG.infof("job %s run %s: %s", job(), id(), l));
    }

    /** A streamed source's batch has been planned: the progress line, when one is due (roster.progress-interval). */
    void progress() {
        progress.due(report.count(Count.PROCESSED), null, "people read", Instant.now())
                .ifPresent(l -> LOG.infof("job %s run %s: %s", job(), id(), l));
    }

    /**
     * The target throttles the account: say so at once, with how far the run is, and once per wait however many of the
     * run's threads were told ("throttled by the target, waiting 30 s (Retry-After); 4,100 of 10,000 changes done …").
     */
    private synchronized void throttledFor(Duration wait) {
        Instant now = Instant.now();
        if (now.isBefore(throttledUntil)) {
            return;
        }
        throttledUntil = now.plus(wait);
        Progress p = new Progress(report.started(), Duration.ZERO); // only formats: the run's own line keeps its interval
        String where = planned >= 0
                ? p.line(report.count(Count.CREATED) + report.count(Count.UPDATED) + report.count(Count.REACTIVATED)
                        + report.count(Count.DEACTIVATED) + report.count(Count.RESET) + report.count(Count.FAILED),
                        planned, "changes done", now)
                : p.line(report.count(Count.PROCESSED), null, "people read", now);
        LOG.infof("job %s run %s: throttled by the target, waiting %s (Retry-After); %s", job(), id(),
                Progress.human(wait), where);
    }

    /** Marks the run ended; true only the first time, so a run is recorded, logged and reported once. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** A dry run whose plan is kept for an admin to read and apply ({@code roster plan}). */
    @Override
    public boolean storePlan() { return storePlan; }
    void storePlan(boolean b) { this.storePlan = b; }

    /** The stored plan this run applies, and only it ({@code roster apply}); null for an ordinary run. */
    public String applyPlan() { return applyPlan; }
    void applyPlan(String id) { this.applyPlan = id; }

    public String sourceVersion() { return sourceVersion; }
    public void sourceVersion(String v) { this.sourceVersion = v; }

    /** Where the next incremental read of the source may start, once this run ends cleanly. */
    public SourceWatermark sourceWatermark() { return sourceWatermark; }
    public void sourceWatermark(SourceWatermark w) { this.sourceWatermark = w; }
}
