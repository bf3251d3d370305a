package io.roster.run;

import io.roster.mapping.Emails;
import io.roster.mapping.MappedPeople;
import io.roster.plan.RemovalGuard;
import io.roster.plan.SignAction;
import io.roster.plan.SignPlan;
import io.roster.secrets.SecretMask;
import io.roster.state.Change;
import io.roster.state.SourceWatermark;
import io.roster.targets.http.RequestCounter;
import io.roster.targets.sign.SignOrgState;
import io.roster.targets.signature365.Signature365Outbox;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One run of one job, carried through the route as the exchange property {@code run}. Writer threads record
 * into it concurrently; the report is built from what they recorded, never from the plan.
 */
public final class SyncRun {

    /** The report's counters, in the order they are printed. */
    public enum Count { PROCESSED, CREATED, UPDATED, REACTIVATED, DEACTIVATED, RESET, UNCHANGED, SKIPPED, VANISHED, FAILED }

    /** One line of the report's action list. */
    public record Entry(String email, String org, String action, String detail) {
    }

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final String job;
    private final String id;
    private final Instant started = Instant.now();
    private final boolean dryRun;
    private final JobSpec spec;
    private final Map<Count, LongAdder> counts = new EnumMap<>(Count.class);
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicLong recorded = new AtomicLong();
    private volatile int reportLimit = Integer.MAX_VALUE;
    private volatile Set<String> remembered;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private volatile String error;
    private volatile String stopAsked;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String interrupted;
    private volatile MappedPeople people;
    private volatile Map<String, SignOrgState> signStates;
    private volatile SignPlan signPlan;
    private final LongAdder targetRequests = new LongAdder();
    private final LongAdder writeBackFailures = new LongAdder();
    private final RequestCounter requestCounter = new RequestCounter() {
        @Override
        public void count(String outcome) {
            targetRequests.increment();
        }

        @Override
        public void throttled(Duration wait) {
            throttledFor(wait);
        }
    };
    private Instant throttledUntil = Instant.EPOCH;
    private final String startedBy;
    private volatile String resumedFrom;
    private final Set<String> synced = ConcurrentHashMap.newKeySet();
    private final Set<String> failedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedTopics = ConcurrentHashMap.newKeySet();
    private final AtomicInteger batches = new AtomicInteger();
    private final LongAdder streamedPeople = new LongAdder();
    private final AtomicLong applied = new AtomicLong();
    private Progress progress;
    private SeenKeys seen;
    private SentHashes sentHashes;
    private Signature365Outbox signature365Outbox;
    private final ConcurrentLinkedQueue<Change> confirmed =
            new ConcurrentLinkedQueue<>();
    private volatile boolean streamed;
    private volatile boolean sourceComplete;
    private volatile String heldBack;
    private Optional<String> removalsWithheld;
    private final LongAdder rejectedRecords = new LongAdder();
    private final Map<String, Integer> cleanedUp = new ConcurrentHashMap<>();
    private volatile String sourceVersion;
    private volatile String changesOnly;
    private volatile SourceWatermark sourceWatermark;

    public SyncRun(String job, String id, boolean dryRun, JobSpec spec) {
        this(job, id, dryRun, spec, "schedule");
    }

    public SyncRun(String job, String id, boolean dryRun, JobSpec spec, String startedBy) {
        this.startedBy = startedBy;
        this.job = job;
        this.id = id;
        this.dryRun = dryRun;
        this.spec = spec;
        for (Count c : Count.values()) {
            counts.put(c, new LongAdder());
        }
    }

    /** The people this run has read so far (streamed sources: who is repeated, and at the end who is gone). */
    public synchronized SeenKeys seen() {
        if (seen == null) {
            seen = new SeenKeys();
        }
        return seen;
    }

    /**
     * What Roster last sent each person of this job's target, read by {@code load} on first use (Signature 365 jobs:
     * batches are planned against it), and updated as each batch is planned.
     */
    public synchronized SentHashes sentHashes(Supplier<SentHashes> load) {
        if (sentHashes == null) {
            sentHashes = load.get();
        }
        return sentHashes;
    }

    /** The people this run will send to Signature 365, waiting until a request is full. */
    public synchronized Signature365Outbox signature365Outbox() {
        if (signature365Outbox == null) {
            signature365Outbox = new Signature365Outbox();
        }
        return signature365Outbox;
    }

    /** A change that landed, until the batch's journal entry takes it ({@link #takeConfirmed}). */
    public void confirmed(Change change) {
        confirmed.add(change);
    }

    /** The changes that landed since the last call, for the batch's journal entry. */
    public List<Change> takeConfirmed() {
        List<Change> out = new ArrayList<>();
        for (Change c; (c = confirmed.poll()) != null; ) {
            out.add(c);
        }
        return out;
    }

    /** Adds a finished batch's changes; returns the changes applied so far. */
    public long applied(long n) {
        return applied.addAndGet(n);
    }

    /**
     * The target throttles the account: say so at once, with how far the run is, and once per wait however many of the
     * run's threads were told ("throttled by the target, waiting 30 s (Retry-After); 4,100 of 10,000 changes applied …").
     */
    synchronized void throttledFor(Duration wait) {
        Instant now = Instant.now();
        if (now.isBefore(throttledUntil)) {
            return;
        }
        throttledUntil = now.plus(wait);
        Progress p = new Progress(started, Duration.ZERO); // only formats: the run's own line keeps its interval
        String where = signPlan != null
                ? p.line(count(Count.CREATED) + count(Count.UPDATED) + count(Count.REACTIVATED) + count(Count.DEACTIVATED)
                        + count(Count.RESET) + count(Count.FAILED), (long) signPlan.actions().size(), "changes done", now)
                : p.line(count(Count.PROCESSED), null, "people read", now);
        LOG.infof("job %s run %s: throttled by the target, waiting %s (Retry-After); %s", job, id,
                Progress.human(wait), where);
    }

    /** The run's progress line, made on first use. */
    public synchronized Progress progress(Duration every) {
        if (progress == null) {
            progress = new Progress(started, every);
        }
        return progress;
    }

    public void count(Count c, long n) {
        counts.get(c).add(n);
    }

    public long count(Count c) {
        return counts.get(c).sum();
    }

    /**
     * A line of the report's action list. A run keeps at most {@link #reportLimit} of them in memory (a million-person
     * run would otherwise hold a million); the rest are counted, and every change is in the audit log anyway.
     */
    public void record(Entry e) {
        if (recorded.incrementAndGet() <= reportLimit) {
            entries.add(e);
        }
    }

    /** The most action lines the report lists (roster.report.max-actions). */
    public void reportLimit(int max) {
        this.reportLimit = max;
    }

    /** Action lines recorded beyond the report's limit. */
    public long entriesOmitted() {
        return Math.max(0, recorded.get() - reportLimit);
    }

    /**
     * Only these keys' syncs need remembering: the people with open dead letters, which a sync resolves. Without it
     * (tests), every key is remembered; with it, a million-person run does not hold a million keys.
     */
    public void rememberSyncsOf(Set<String> keys) {
        this.remembered = keys;
    }

    private void remember(String key) {
        Set<String> only = remembered;
        if (only == null || only.contains(key)) {
            synced.add(key);
        }
    }

    /** Records an applied (or, in a dry run, planned) action under its counter. */
    public void applied(SignAction a) {
        count(counterOf(a.kind()), 1);
        remember(a.key());
        record(new Entry(a.email(), a.org(), a.reportName(), a.detail()));
    }

    public void failed(String email, String org, String action, String reason) {
        count(Count.FAILED, 1);
        failedKeys.add(Emails.key(email));
        // a failure's reason may quote a target's or a driver's answer: masked like every text shown of a run
        record(new Entry(email, org, "failed", (action == null ? "" : action + ": ") + SecretMask.apply(reason)));
    }

    public static Count counterOf(SignAction.Kind kind) {
        return switch (kind) {
            case CREATE -> Count.CREATED;
            case UPDATE -> Count.UPDATED;
            case REACTIVATE -> Count.REACTIVATED;
            case DEACTIVATE -> Count.DEACTIVATED;
            case RESET, REMOVE_GROUPS, REMOVE_ROLES -> Count.RESET;
        };
    }

    /** Logged at once, so an admin watching a long run (or one that is killed) sees it; kept for the report. */
    public void warn(String warning) {
        String w = SecretMask.apply(warning);
        warnings.add(w);
        LOG.warnf("job %s: %s", job, w);
    }

    /** A warning that is listed once per run however often it happens (keyed by topic). */
    public void warnOnce(String topic, String w) {
        if (warnedTopics.add(topic)) {
            warn(w);
        }
    }

    /** The run could not go on; the message is kept masked, as everything shown of a run. */
    public void error(String message) {
        this.error = SecretMask.apply(message);
    }

    /** Roster is stopping: the run ends at its next batch boundary ({@link #continueOrStop}). */
    public void stop(String why) {
        stopAsked = why;
    }

    /**
     * Called where a batch begins, before it sends anything: ends the run there when a stop was asked, and sends nothing
     * more for a run that has already failed or ended (a split goes on to its next batch after one fails).
     */
    public void continueOrStop() {
        if (closed.get() || error != null) {
            throw new IllegalStateException("run " + id + " has ended" + (error == null ? "" : ": " + error));
        }
        String why = stopAsked;
        if (why != null) {
            throw new RunInterruptedException(why + ": run " + id + " ended after " + batches.get()
                    + " batches; the next run resumes it");
        }
    }

    /** Marks the run ended; true only the first time, so a run is recorded, logged and reported once. */
    public boolean close() {
        return closed.compareAndSet(false, true);
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** The run ended at a batch boundary because Roster stopped: not failed, not whole; the next run resumes it. */
    public void interrupted(String why) {
        interrupted = SecretMask.apply(why);
        warn(why);
    }

    /** Why the run ended at a batch boundary before its end; null when it did not. */
    public String interruption() {
        return interrupted;
    }

    /**
     * 0 all synced or intentionally skipped; 1 some records failed, a safety limit held actions back, or applied
     * changes could not be written back; 2 the job could not run.
     */
    public int exitCode() {
        if (error != null || interrupted != null) {
            return 2;
        }
        boolean blocked = signPlan != null && !signPlan.blocked().isEmpty() || heldBack != null;
        return count(Count.FAILED) > 0 || blocked || writeBackFailures() > 0 ? 1 : 0;
    }

    /**
     * An applied change could not be written back ({@code roster.write-back.*}): the change stands and is not counted
     * as failed, but the run ends with exit code 1. The first such warning is listed; the rest are counted.
     */
    public void writeBackFailed(String warning) {
        writeBackFailures.increment();
        warnOnce("write-back", warning);
    }

    /** Applied changes this run could not write back. */
    public long writeBackFailures() {
        return writeBackFailures.sum();
    }

    public String outcome() {
        if (interrupted != null && error == null) {
            return "interrupted";
        }
        return switch (exitCode()) {
            case 0 -> "ok";
            case 1 -> "attention";
            default -> "not-run";
        };
    }

    public String summary(Instant ended) {
        StringBuilder s = new StringBuilder();
        s.append("job ").append(job).append(" run ").append(id).append(dryRun ? " (dry run)" : "")
                .append(": ").append(outcome());
        for (Count c : Count.values()) {
            s.append(", ").append(c.name().toLowerCase(Locale.ROOT)).append('=').append(count(c));
        }
        s.append(", requests=").append(targetRequests());
        s.append(", ").append(Duration.between(started, ended).toMillis()).append(" ms");
        if (error != null) {
            s.append(" — ").append(error);
        }
        return s.toString();
    }

    public String job() { return job; }
    public String id() { return id; }
    public Instant started() { return started; }
    public boolean dryRun() { return dryRun; }
    public JobSpec spec() { return spec; }
    public List<Entry> entries() { return List.copyOf(entries); }
    public List<String> warnings() { return List.copyOf(warnings); }
    public String error() { return error; }
    public MappedPeople people() { return people; }
    public void people(MappedPeople p) { this.people = p; }
    public Map<String, SignOrgState> signStates() { return signStates; }
    public void signStates(Map<String, SignOrgState> s) { this.signStates = s; }
    public SignPlan signPlan() { return signPlan; }
    public void signPlan(SignPlan p) { this.signPlan = p; }
    /** Requests this run sent to its targets, retries included, whatever came back and however the run ended. */
    public long targetRequests() { return targetRequests.sum(); }

    /**
     * Counts each request sent on this run's behalf: the target clients' {@code countingAlso} takes it, so the count
     * grows as requests go out (reads, writes, look-ups) and a run that fails half-way has counted what it sent.
     */
    public RequestCounter requestCounter() { return requestCounter; }
    public String startedBy() { return startedBy; }
    public String resumedFrom() { return resumedFrom; }
    public void resumedFrom(String runId) { this.resumedFrom = runId; }
    /** Keys of people this run brought in step (applied) or found in step; failures are taken out at the end. */
    public Set<String> synced() {
        Set<String> out = new HashSet<>(synced);
        out.removeAll(failedKeys);
        return out;
    }
    public void inStep(Collection<String> keys) { keys.forEach(this::remember); }
    /** A streaming source (SQL) maps batch by batch: its valid people are counted as they pass. */
    public void streamedPeople(long n) {
        streamed = true;
        streamedPeople.add(n);
    }

    /** The streaming read reached its end: its counts are whole and may serve as the next run's "last count". */
    public void sourceComplete() { sourceComplete = true; }

    /** Source records read, when the read was whole; null otherwise (a failed or skipped read is no count). */
    public Integer sourceRecords() {
        if (error != null || interrupted != null || changesOnly != null) {
            return null;
        }
        if (people != null) {
            return people.records();
        }
        return streamed && sourceComplete ? (int) count(Count.PROCESSED) : null;
    }

    /** Valid people in the source, when the read was whole; null otherwise. */
    /** Source values cleaned before mapping, added up over the run's reads. */
    public void cleanedUp(Map<String, Integer> counts) {
        counts.forEach((k, n) -> cleanedUp.merge(k, n, Integer::sum));
    }

    public Map<String, Integer> cleanedUp() {
        return new TreeMap<>(cleanedUp);
    }

    /** Source records rejected before they became people, so far. */
    public void rejected(int records) {
        rejectedRecords.add(records);
    }

    /** What removals must know of the source read: its people, whether it was whole, how many records were rejected. */
    public RemovalGuard.SourceRead sourceRead() {
        return new RemovalGuard.SourceRead(sourcePeople(), people == null ? null : people.incomplete(),
                rejectedRecords.sum());
    }

    public Integer sourcePeople() {
        if (error != null || interrupted != null || changesOnly != null) {
            return null;
        }
        if (people != null) {
            return people.people().size();
        }
        return streamed && sourceComplete ? streamedPeople.intValue() : null;
    }

    /**
     * Why this run's removals are withheld, decided by {@code decide} on first call (once the source is read) and the
     * same for every target of the run after that.
     */
    public synchronized Optional<String> removalsWithheld(Supplier<Optional<String>> decide) {
        if (removalsWithheld == null) {
            removalsWithheld = decide.get();
        }
        return removalsWithheld;
    }

    /** Why removals were withheld, if the run asked; empty when it never did or they were not. */
    public synchronized Optional<String> removalsWithheld() {
        return removalsWithheld == null ? Optional.empty() : removalsWithheld;
    }

    /** A safety limit held changes back: the run ends with exit code 1 and says why. */
    public void heldBack(String why) {
        heldBack = why;
        warn(why);
    }

    /**
     * The source read only what changed (e.g. "entries changed since 20261120101500Z"): nobody missing from it has
     * left, and its counts are no "last count" for the source-drop check.
     */
    public void changesOnly(String what) { this.changesOnly = what; }
    public String changesOnly() { return changesOnly; }

    /** Where the next incremental read of the source may start, once this run ends cleanly. */
    public void sourceWatermark(SourceWatermark w) { this.sourceWatermark = w; }
    public SourceWatermark sourceWatermark() { return sourceWatermark; }

    public String sourceVersion() { return sourceVersion; }
    public void sourceVersion(String v) { this.sourceVersion = v; }

    /** Numbers the batches of the apply step: 1, 2, … */
    public int nextBatch() { return batches.incrementAndGet(); }
}
