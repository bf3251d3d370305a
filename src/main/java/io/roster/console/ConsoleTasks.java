package io.roster.console;

import io.roster.secrets.SecretMask;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Work an admin starts from the console that lasts as long as a run — a run, a dry run, a plan, applying a plan,
 * retrying dead letters — runs here, in the background, so no page waits on a source or a target and no proxy times
 * out. A job has at most one such task waiting or running (so there are never more threads than jobs); the latest
 * tasks are kept (in memory) with how each ended and a link to what it made.
 */
@ApplicationScoped
public class ConsoleTasks {

    private static final Logger LOG = Logger.getLogger("io.roster.console");
    /** Tasks the console lists: the newest. */
    static final int KEPT = 50;

    /** How a task ended: a line to show (masked) and where its result is (a path under the console), if anywhere. */
    public record Outcome(String text, String link) {
    }

    /**
     * A run's outcome: its status, linked to its page; a run that could not start (another run of the job under way,
     * the job file unreadable) is no run to show, and ends the task as failed with its reason.
     */
    static Outcome ofRun(io.roster.report.RunReport run, io.roster.state.RunHistory history) {
        if (history.get(run.id()).isEmpty()) {
            throw new IllegalStateException("the run could not start: " + (run.error() == null ? run.outcome()
                    : run.error()));
        }
        return new Outcome(run.outcome() + " (exit " + run.exitCode() + ")", "console/runs/" + UrlParts.url(run.id()));
    }

    /** One task, as its page shows it. */
    public static final class Task {
        private final long id;
        private final Set<String> jobs;
        private final String what;
        private final Instant asked = Instant.now();
        private volatile String status = "waiting";
        private volatile Instant ended;
        private volatile Outcome outcome;

        Task(long id, Set<String> jobs, String what) {
            this.id = id;
            this.jobs = jobs;
            this.what = what;
        }

        public long id() {
            return id;
        }

        public String jobs() {
            return String.join(", ", jobs);
        }

        public String what() {
            return what;
        }

        public Instant asked() {
            return asked;
        }

        /** waiting, running, done or failed. */
        public String status() {
            return status;
        }

        public boolean over() {
            return ended != null;
        }

        public Instant ended() {
            return ended;
        }

        public String outcome() {
            return outcome == null ? "" : outcome.text();
        }

        public String link() {
            return outcome == null ? null : outcome.link();
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Deque<Task> kept = new ArrayDeque<>();
    private final ExecutorService worker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "roster-console-task");
        t.setDaemon(true);
        return t;
    });

    /**
     * Queues the work and returns its task at once; 409 when one of its jobs already has a task waiting or running
     * (a second click, or another admin). The work's failure ends the task as failed, its message masked.
     */
    public Task start(Collection<String> jobs, String what, Supplier<Outcome> work) {
        Task task;
        synchronized (kept) {
            Set<String> mine = new TreeSet<>(jobs);
            Optional<Task> busy = kept.stream().filter(t -> !t.over() && t.jobs.stream().anyMatch(mine::contains))
                    .findFirst();
            if (busy.isPresent()) {
                throw new ClientErrorException("job " + busy.get().jobs() + " has a task from the console that has not"
                        + " ended yet (task " + busy.get().id + ": " + busy.get().what + ")", Response.Status.CONFLICT);
            }
            task = new Task(ids.incrementAndGet(), mine, what);
            kept.addFirst(task);
            // the oldest ended tasks go; one still running stays, and so does its guard
            java.util.Iterator<Task> oldest = kept.descendingIterator();
            while (kept.size() > KEPT && oldest.hasNext()) {
                if (oldest.next().over()) {
                    oldest.remove();
                }
            }
        }
        try {
            worker.submit(() -> run(task, work));
        } catch (RuntimeException e) { // shutting down: the task never runs, and must not hold its jobs
            task.outcome = new Outcome("not started: " + e.getMessage(), null);
            task.status = "failed";
            task.ended = Instant.now();
            throw e;
        }
        return task;
    }

    private static void run(Task task, Supplier<Outcome> work) {
        task.status = "running";
        try {
            Outcome o = work.get();
            task.outcome = new Outcome(SecretMask.apply(o.text()), o.link());
            task.status = "done";
        } catch (Throwable e) { // the task says why; the log keeps the cause
            String why = SecretMask.apply(String.valueOf(e.getMessage()));
            LOG.errorf(e, "console task %d (%s, job %s) failed: %s", task.id, task.what, task.jobs(), why);
            task.outcome = new Outcome("failed: " + why, null);
            task.status = "failed";
        } finally {
            task.ended = Instant.now();
        }
    }

    public Optional<Task> get(long id) {
        synchronized (kept) {
            return kept.stream().filter(t -> t.id == id).findFirst();
        }
    }

    /** The kept tasks, newest first. */
    public List<Task> latest() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** Shut down with Roster: a task under way gets up to 30 s to end (a run stops at its next batch boundary). */
    @PreDestroy
    void stop() {
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
