package io.roster.report;

import io.roster.secrets.SecretMask;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What one run of one job did: its identity, counts, action lines, warnings and outcome. Every stage records into it
 * (writer threads concurrently); the run history, the metrics, the API and the report file read it. It is built from
 * what happened, never from the plan.
 */
public final class RunReport {

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
    private final String startedBy;
    private volatile String resumedFrom;
    private final Map<Count, LongAdder> counts = new EnumMap<>(Count.class);
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicLong recorded = new AtomicLong();
    private volatile int reportLimit = Integer.MAX_VALUE;
    private volatile Set<String> remembered;
    private final Set<String> synced = ConcurrentHashMap.newKeySet();
    private final Set<String> failedKeys = ConcurrentHashMap.newKeySet();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> warnedTopics = ConcurrentHashMap.newKeySet();
    private volatile String error;
    private volatile String interrupted;
    private volatile String heldBack;
    private volatile boolean actionsHeld;
    private final LongAdder targetRequests = new LongAdder();
    private final LongAdder targetThrottled = new LongAdder();
    private final LongAdder writeBackFailures = new LongAdder();
    private final LongAdder rejectedRecords = new LongAdder();
    private final LongAdder streamedPeople = new LongAdder();
    private final Map<String, Integer> cleanedUp = new ConcurrentHashMap<>();
    private volatile Integer wholeReadRecords;
    private volatile Integer wholeReadPeople;
    private volatile String readIncomplete;
    private volatile boolean streamed;
    private volatile boolean sourceComplete;
    private volatile String changesOnly;
    private Optional<String> removalsWithheld;

    public RunReport(String job, String id, boolean dryRun, String startedBy) {
        this.job = job;
        this.id = id;
        this.dryRun = dryRun;
        this.startedBy = startedBy;
        for (Count c : Count.values()) {
            counts.put(c, new LongAdder());
        }
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

    /** People this run brought in step (applied) or found in step; their open dead letters are resolved at the end. */
    public void inStep(Collection<String> keys) {
        keys.forEach(this::inStep);
    }

    public void inStep(String key) {
        Set<String> only = remembered;
        if (only == null || only.contains(key)) {
            synced.add(key);
        }
    }

    /** Keys of people this run brought in step (applied) or found in step; failures are taken out. */
    public Set<String> synced() {
        Set<String> out = new HashSet<>(synced);
        out.removeAll(failedKeys);
        return out;
    }

    /** Whether a record of this person failed in this run. */
    public boolean failedFor(String key) {
        return failedKeys.contains(key);
    }

    /** An applied (or, in a dry run, planned) change, under its counter and in the action list. */
    public void applied(Count counter, String key, Entry entry) {
        count(counter, 1);
        inStep(key);
        record(entry);
    }

    /** As above, the line made only while the action list has room (a 100,000-change run lists the first ones). */
    public void applied(Count counter, String key, java.util.function.Supplier<Entry> entry) {
        count(counter, 1);
        inStep(key);
        if (recorded.incrementAndGet() <= reportLimit) {
            entries.add(entry.get());
        }
    }

    /** A record that failed, for the person {@code key}; its reason is masked like every text shown of a run. */
    public void failed(String key, String email, String org, String action, String reason) {
        count(Count.FAILED, 1);
        failedKeys.add(key);
        record(new Entry(email, org, "failed", (action == null ? "" : action + ": ") + SecretMask.apply(reason)));
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

    public String error() {
        return error;
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

    /** A safety limit held changes back: the run ends with exit code 1 and says why. */
    public void heldBack(String why) {
        heldBack = why;
        warn(why);
    }

    /** The plan withheld actions for safety (it warned why): the run ends with exit code 1. */
    public void actionsHeld() {
        actionsHeld = true;
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

    /** One request sent to a target on this run's behalf, retries included, whatever came back. */
    public void requestSent() {
        targetRequests.increment();
    }

    /**
     * A target asked this run to wait: a 429 (too many requests), a load-shedding answer, or a throttled part of a
     * batch (Graph's $batch answers 200 with a 429 inside).
     */
    public void throttledAnswer() {
        targetThrottled.increment();
    }

    /** How often this run's targets asked it to wait. */
    public long targetThrottled() {
        return targetThrottled.sum();
    }

    /** Requests this run sent to its targets, retries included, whatever came back and however the run ended. */
    public long targetRequests() {
        return targetRequests.sum();
    }

    /**
     * 0 all synced or intentionally skipped; 1 some records failed, a safety limit held actions back, or applied
     * changes could not be written back; 2 the job could not run.
     */
    public int exitCode() {
        if (error != null || interrupted != null) {
            return 2;
        }
        boolean blocked = actionsHeld || heldBack != null;
        return count(Count.FAILED) > 0 || blocked || writeBackFailures() > 0 ? 1 : 0;
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

    // What the source read gave: the counts a later run compares with, and what removals must know of it.

    /** A whole read mapped at once (CSV, LDAP for Sign): its records, its valid people, and why it was cut short if it was. */
    public void wholeRead(int records, int people, String incomplete) {
        this.wholeReadRecords = records;
        this.wholeReadPeople = people;
        this.readIncomplete = incomplete;
    }

    /** A streaming source (SQL) maps batch by batch: its valid people are counted as they pass. */
    public void streamedPeople(long n) {
        streamed = true;
        streamedPeople.add(n);
    }

    /** The streaming read reached its end: its counts are whole and may serve as the next run's "last count". */
    public void sourceComplete() {
        sourceComplete = true;
    }

    /** Source records rejected before they became people, so far. */
    public void rejected(int records) {
        rejectedRecords.add(records);
    }

    public long rejectedRecords() {
        return rejectedRecords.sum();
    }

    /** Why the read was cut short (an unclosed quote, …); null when it was not, or was streamed. */
    public String readIncomplete() {
        return readIncomplete;
    }

    /** Source values cleaned before mapping, added up over the run's reads. */
    public void cleanedUp(Map<String, Integer> counts) {
        counts.forEach((k, n) -> cleanedUp.merge(k, n, Integer::sum));
    }

    public Map<String, Integer> cleanedUp() {
        return new TreeMap<>(cleanedUp);
    }

    /** Source records read, when the read was whole; null otherwise (a failed or skipped read is no count). */
    public Integer sourceRecords() {
        if (error != null || interrupted != null || changesOnly != null) {
            return null;
        }
        if (wholeReadRecords != null) {
            return wholeReadRecords;
        }
        return streamed && sourceComplete ? (int) count(Count.PROCESSED) : null;
    }

    /** Valid people in the source, when the read was whole; null otherwise. */
    public Integer sourcePeople() {
        if (error != null || interrupted != null || changesOnly != null) {
            return null;
        }
        if (wholeReadPeople != null) {
            return wholeReadPeople;
        }
        return streamed && sourceComplete ? streamedPeople.intValue() : null;
    }

    /** True when the people were read whole and none was lost to a cut-short read: a record no longer rejected is fixed. */
    public boolean readWhole() {
        return sourcePeople() != null && readIncomplete == null;
    }

    /**
     * The source read only what changed (e.g. "entries changed since 20261120101500Z"): nobody missing from it has
     * left, and its counts are no "last count" for the source-drop check.
     */
    public void changesOnly(String what) {
        this.changesOnly = what;
    }

    public String changesOnly() {
        return changesOnly;
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

    public String job() { return job; }
    public String id() { return id; }
    public Instant started() { return started; }
    public boolean dryRun() { return dryRun; }
    public String startedBy() { return startedBy; }
    public String resumedFrom() { return resumedFrom; }
    public void resumedFrom(String runId) { this.resumedFrom = runId; }
    public List<Entry> entries() { return List.copyOf(entries); }
    public List<String> warnings() { return List.copyOf(warnings); }
}
