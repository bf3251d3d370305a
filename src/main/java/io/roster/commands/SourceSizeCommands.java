package io.roster.commands;

import io.roster.report.RunReports;
import io.roster.state.RemovalBaseline;
import io.roster.state.RemovalBaselines;
import io.roster.steps.control.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An admin accepts a job's smaller source as its new size, so the removals the guard has withheld since the drop may
 * happen — the same command for the run mode ({@code roster.safety.accept-source-size}) and the HTTP API. Each
 * acceptance is stored with who made it and the baseline it replaced, and logged.
 */
@ApplicationScoped
public class SourceSizeCommands {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final RemovalBaselines baselines;
    private final JobRunner runner;

    public SourceSizeCommands(RemovalBaselines baselines, JobRunner runner) {
        this.baselines = baselines;
        this.runner = runner;
    }

    /** The job's baseline now: what the next run's source size is measured against. */
    public Optional<RemovalBaseline> baseline(String job) {
        requireJob(job);
        return baselines.of(job);
    }

    /** Records the acceptance; returns the baseline it replaced. */
    public Optional<RemovalBaseline> accept(String job, int people, String by) {
        requireJob(job);
        Optional<RemovalBaseline> before = baselines.accept(job, people, by);
        logAccepted(job, people, by, before);
        return before;
    }

    /** The run mode: accept the size for each named job, then exit 0, or 2 when the jobs are not named well. */
    public int runMode(int people, Collection<String> jobs, String by, PrintStream json) {
        if (jobs.isEmpty()) {
            LOG.error("roster.safety.accept-source-size needs roster.jobs: name the jobs whose size you accept");
            return 2;
        }
        try {
            jobs.forEach(this::requireJob);
            List<Map<String, Object>> accepted = new ArrayList<>();
            for (String job : jobs) {
                accepted.add(answer(job, people, by, accept(job, people, by)));
            }
            if (json != null) {
                RunReports.print(json, accepted);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return 2;
        }
    }

    /** One job's part of {@code roster accept-source-size --json}, here or beside the service. */
    static Map<String, Object> answer(String job, int people, String by, Optional<RemovalBaseline> replaced) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("job", job);
        one.put("people", people);
        one.put("by", by);
        one.put("replaced", replaced.orElse(null));
        return one;
    }

    /** The line of {@code roster accept-source-size}, here or beside the service. */
    static void logAccepted(String job, int people, String by, Optional<RemovalBaseline> before) {
        LOG.warnf("job %s: %s accepted %d people as the source's size (it was %s); removals measured against it may"
                        + " happen from the next run", job, by, people,
                before.map(b -> b.people() + ", " + b.what()).orElse("none yet"));
    }

    private void requireJob(String job) {
        List<String> all = runner.jobs();
        if (!all.contains(job)) {
            throw new IllegalArgumentException("'" + job + "' is not a job; jobs: " + all);
        }
    }
}
