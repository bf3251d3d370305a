package io.roster.commands;

import io.roster.report.RunReport;
import io.roster.report.RunReports;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.steps.control.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * List, retry and discard dead letters — the same commands for the run mode ({@code roster.dead-letters.action})
 * and the HTTP API. Retrying runs the letters' jobs again: a job's plan is the only sound judge of what a record
 * needs now, and every letter whose person that run brings in step is resolved.
 */
@ApplicationScoped
public class DeadLetterCommands {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    /** What a retry did: the runs it started, and the letters it resolved and left open. */
    public record RetryResult(List<String> runs, List<Long> resolved, List<Long> stillOpen) {
    }

    private final DeadLetters letters;
    private final JobRunner runner;

    public DeadLetterCommands(DeadLetters letters, JobRunner runner) {
        this.letters = letters;
        this.runner = runner;
    }

    /** Open letters of the jobs (all when empty), restricted to ids when given. */
    public List<DeadLetter> open(Collection<String> jobs, Collection<Long> ids) {
        return (ids.isEmpty() ? letters.list(null, DeadLetter.OPEN) : letters.openByIds(ids)).stream()
                .filter(l -> jobs.isEmpty() || jobs.contains(l.job()))
                .filter(l -> ids.isEmpty() || ids.contains(l.id()))
                .toList();
    }

    public RetryResult retry(Collection<String> jobs, Collection<Long> ids) {
        List<DeadLetter> chosen = open(jobs, ids);
        Set<String> toRun = new LinkedHashSet<>();
        chosen.forEach(l -> toRun.add(l.job()));
        List<String> runs = new ArrayList<>();
        for (String job : toRun) {
            RunReport run = runner.run(job, false, "dead-letter retry");
            runs.add(run.id());
        }
        List<Long> resolved = new ArrayList<>();
        List<Long> stillOpen = new ArrayList<>();
        for (DeadLetter l : chosen) {
            boolean open = letters.get(l.id()).map(x -> DeadLetter.OPEN.equals(x.status())).orElse(false);
            (open ? stillOpen : resolved).add(l.id());
        }
        RetryResult result = new RetryResult(runs, resolved, stillOpen);
        log(result);
        return result;
    }

    /** Discards open letters; the jobs or the ids must be named, so one slip never empties the store. */
    public int discard(Collection<String> jobs, Collection<Long> ids) {
        if (jobs.isEmpty() && ids.isEmpty()) {
            throw new IllegalArgumentException("name the jobs or the dead-letter ids to discard");
        }
        List<Long> chosen = open(jobs, ids).stream().map(DeadLetter::id).toList();
        int n = letters.discard(chosen);
        logDiscarded(n, chosen);
        return n;
    }

    /** The run mode: list, retry or discard, then the process exits (0 done; 1 letters remain after a retry). */
    public int runMode(String action, Collection<String> jobs, Collection<Long> ids) {
        return runMode(action, jobs, ids, null);
    }

    /** As {@link #runMode(String, Collection, Collection)}; with {@code json}, {@code list} prints the letters there as JSON. */
    public int runMode(String action, Collection<String> jobs, Collection<Long> ids, PrintStream json) {
        switch (action) {
            case "list" -> {
                List<DeadLetter> open = open(jobs, ids);
                if (json != null) {
                    RunReports.print(json, open);
                }
                log(open);
                return 0;
            }
            case "retry" -> {
                return retry(jobs, ids).stillOpen().isEmpty() ? 0 : 1;
            }
            case "discard" -> {
                if (jobs.isEmpty() && ids.isEmpty()) {
                    LOG.error("discarding dead letters needs roster.jobs or roster.dead-letters.ids");
                    return 2;
                }
                discard(jobs, ids);
                return 0;
            }
            default -> {
                LOG.errorf("roster.dead-letters.action must be list, retry or discard, not '%s'", action);
                return 2;
            }
        }
    }

    /** The lines of {@code roster dead-letters list}, here or beside the service. */
    static void log(List<DeadLetter> open) {
        for (DeadLetter l : open) {
            LOG.infof("dead letter %d: job %s, run %s, %s, %s (attempts %d, last %s): %s", l.id(), l.job(),
                    l.run(), l.step(), l.record(), l.attempts(), l.lastFailedAt(), l.reason());
        }
        LOG.infof("%d open dead letters", open.size());
    }

    static void log(RetryResult retried) {
        LOG.infof("dead-letter retry: %d letters, %d resolved, %d still open (runs %s)",
                retried.resolved().size() + retried.stillOpen().size(), retried.resolved().size(),
                retried.stillOpen().size(), retried.runs());
    }

    static void logDiscarded(int n, Collection<Long> chosen) {
        LOG.infof("dead letters discarded: %d %s", n, chosen);
    }
}
