package io.roster.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roster.report.RunEnded;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.report.RunStarted;
import io.roster.state.DeadLetters;
import io.roster.state.HeldActions;
import io.roster.targets.http.TargetRequestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Roster's metrics, with stable names and a {@code roster_job} label, scraped at {@code /q/metrics} (Prometheus names shown):
 * <ul>
 *   <li>{@code roster_people_total{roster_job,outcome}}: people a run handled: changed, unchanged, skipped, failed;</li>
 *   <li>{@code roster_actions_total{roster_job,type}}: changes applied: create, update, reactivate, deactivate, reset, clear;</li>
 *   <li>{@code roster_target_requests_total{target,status}}: requests to Sign / Signature 365 by HTTP status (429s
 *   included), or timeout / io-error (counted by {@link TargetRequestMetrics});</li>
 *   <li>{@code roster_run_duration_seconds{roster_job,outcome}}: how long runs took;</li>
 *   <li>{@code roster_last_success_timestamp_seconds{roster_job}} and {@code roster_last_run_exit_code{roster_job}};</li>
 *   <li>{@code roster_dead_letters{roster_job}}: open dead letters;</li>
 *   <li>{@code roster_held_actions{roster_job}}: changes held back for an admin's decision;</li>
 *   <li>{@code roster_job_reachable{roster_job}}: 1 when the job's source and target answered the latest check.</li>
 * </ul>
 * Dry runs count only in the run duration. No label carries a person, an email or a secret.
 */
@ApplicationScoped
public class RosterMetrics {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    /**
     * The job's label: not "job", which is Prometheus' own target label (a scraped "job" becomes "exported_job", and
     * every dashboard and alert on it breaks).
     */
    public static final String JOB = "roster_job";
    private static final Map<Count, String> ACTIONS = Map.of(Count.CREATED, "create", Count.UPDATED, "update",
            Count.REACTIVATED, "reactivate", Count.DEACTIVATED, "deactivate", Count.RESET, "reset", Count.VANISHED, "clear");

    private final MeterRegistry registry;
    private final DeadLetters deadLetters;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastExit = new ConcurrentHashMap<>();
    private final Map<String, Boolean> watched = new ConcurrentHashMap<>();
    private volatile Map<String, Long> openLetters = Map.of();
    private volatile long openLettersReadAt;
    private final HeldActions heldActions;
    private volatile Map<String, Long> held = Map.of();
    private volatile long heldReadAt;

    private final jakarta.enterprise.inject.Instance<JobReachability> reachability;

    public RosterMetrics(MeterRegistry registry, DeadLetters deadLetters, HeldActions heldActions,
                         jakarta.enterprise.inject.Instance<JobReachability> reachability) {
        this.reachability = reachability;
        this.heldActions = heldActions;
        this.registry = registry;
        this.deadLetters = deadLetters;
    }

    /** Registers a job's gauges, so a dashboard shows it from start-up, before its first run. */
    void started(@Observes RunStarted started) {
        watch(started.job());
    }

    void ended(@Observes RunEnded e) {
        ended(e.report(), e.ended());
    }

    public void watch(String job) {
        if (watched.putIfAbsent(job, Boolean.TRUE) != null) {
            return;
        }
        // a registry that outlives this bean (Quarkus restarted in the same JVM) would hand back the old gauges,
        // still reading the old bean's values: they go first
        for (String name : java.util.List.of("roster.last.success.timestamp", "roster.last.run.exit.code",
                "roster.dead.letters", "roster.held.actions", "roster.job.reachable")) {
            io.micrometer.core.instrument.Meter old = registry.find(name).tag(JOB, job).meter();
            if (old != null) {
                registry.remove(old);
            }
        }
        Gauge.builder("roster.last.success.timestamp", lastSuccess.computeIfAbsent(job, j -> new AtomicLong()), AtomicLong::get)
                .baseUnit("seconds").description("When the job last ended with exit code 0 (not a dry run); 0: not since start")
                .tag(JOB, job).register(registry);
        Gauge.builder("roster.last.run.exit.code", lastExit.computeIfAbsent(job, j -> new AtomicLong(-1)), AtomicLong::get)
                .description("Exit code of the job's last run: 0 ok, 1 attention, 2 not run; -1 none since start")
                .tag(JOB, job).register(registry);
        Gauge.builder("roster.dead.letters", () -> openLetters(job))
                .description("Open dead letters of the job").tag(JOB, job).register(registry);
        Gauge.builder("roster.job.reachable", () -> reachable(job))
                .description("Whether the job's source and target answered the latest check: 1 yes, 0 no")
                .tag(JOB, job).register(registry);
        Gauge.builder("roster.held.actions", () -> heldActions(job))
                .description("Changes of the job held back for an admin's decision (holds:)").tag(JOB, job)
                .register(registry);
    }

    /** Records an ended run. */
    public void ended(RunReport run, Instant ended) {
        String job = run.job();
        watch(job);
        Timer.builder("roster.run.duration").tag(JOB, job).tag("outcome", run.outcome())
                .description("Duration of runs").register(registry)
                .record(Duration.between(run.started(), ended));
        if (run.dryRun()) {
            return;
        }
        lastExit.get(job).set(run.exitCode());
        if (run.exitCode() == 0) {
            lastSuccess.get(job).set(ended.getEpochSecond());
        }
        long changed = 0;
        for (Map.Entry<Count, String> a : ACTIONS.entrySet()) {
            long n = run.count(a.getKey());
            changed += n;
            if (n > 0) {
                registry.counter("roster.actions", JOB, job, "type", a.getValue()).increment(n);
            }
        }
        people(job, "changed", changed - run.count(Count.VANISHED));
        people(job, "unchanged", run.count(Count.UNCHANGED));
        people(job, "skipped", run.count(Count.SKIPPED));
        people(job, "failed", run.count(Count.FAILED));
        openLettersReadAt = 0; // the run may have added or resolved letters
        heldReadAt = 0; // and held changes
    }

    private void people(String job, String outcome, long n) {
        registry.counter("roster.people", JOB, job, "outcome", outcome).increment(Math.max(0, n));
    }

    /** The latest check's answer for the job; NaN before the first check (and with roster.once, which makes none). */
    private double reachable(String job) {
        JobReachability.Answer a = reachability.get().latest().get(job);
        return a == null ? Double.NaN : a.ok() ? 1 : 0;
    }

    /** Read at most every 15 s, as the dead letters; a state store that cannot answer gives NaN. */
    private double heldActions(String job) {
        long now = System.nanoTime();
        if (heldReadAt == 0 || now - heldReadAt > Duration.ofSeconds(15).toNanos()) {
            try {
                held = heldActions.heldCounts();
                heldReadAt = now;
            } catch (RuntimeException e) {
                LOG.debugf("metrics: cannot count held changes: %s", e.getMessage());
                return Double.NaN;
            }
        }
        return held.getOrDefault(job, 0L);
    }

    /** Read at most every 15 s however often Prometheus scrapes; a state store that cannot answer gives NaN. */
    private double openLetters(String job) {
        long now = System.nanoTime();
        if (openLettersReadAt == 0 || now - openLettersReadAt > Duration.ofSeconds(15).toNanos()) {
            try {
                openLetters = deadLetters.openCounts();
                openLettersReadAt = now;
            } catch (RuntimeException e) {
                LOG.debugf("metrics: cannot count dead letters: %s", e.getMessage());
                return Double.NaN;
            }
        }
        return openLetters.getOrDefault(job, 0L);
    }
}
