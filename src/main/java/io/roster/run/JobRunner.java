package io.roster.run;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/** Runs jobs on demand — all selected jobs once for {@code roster.once}, or one job for a test or a manual trigger. */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final RosterConfig config;

    public JobRunner(CamelContext camel, ProducerTemplate producer, RosterConfig config) {
        this.camel = camel;
        this.producer = producer;
        this.config = config;
    }

    /** {@code roster.jobs}, or every loaded job. */
    public List<String> selectedJobs() {
        return config.jobs().filter(l -> !l.isEmpty()).orElse(jobs());
    }

    /** Job routes currently loaded, in load order. */
    public List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            if (JobRoutes.JOBS.equals(r.getGroup())) {
                jobs.add(r.getRouteId());
            }
        }
        return jobs;
    }

    /** Runs one job to its end and returns the run (its counts, entries and exit code). */
    public SyncRun run(String job) {
        return run(job, config.dryRun());
    }

    /** Runs one job, as a dry run or not, whatever roster.dry-run says. */
    public SyncRun run(String job, boolean dryRun) {
        return run(job, dryRun, "api");
    }

    /** Runs one job; {@code startedBy} is recorded in the run history (once, http, dead-letter retry, …). */
    public SyncRun run(String job, boolean dryRun, String startedBy) {
        Route route = camel.getRoute(job);
        if (route == null || !JobRoutes.JOBS.equals(route.getGroup())) {
            throw new IllegalArgumentException("'" + job + "' is not a job; jobs: " + jobs());
        }
        Exchange done = producer.request(route.getEndpoint(), e -> {
            e.getIn().setHeader(Runs.DRY_RUN_HEADER, dryRun);
            e.getIn().setHeader(Runs.STARTED_BY_HEADER, startedBy);
        });
        SyncRun run = done.getProperty("run", SyncRun.class);
        if (run == null) {
            throw new IllegalStateException("job " + job + " ended without a run: its route must start with runs.begin");
        }
        return run;
    }

    /** {@code roster.once}: every selected job once; the exit code is the worst of theirs. */
    public int runOnce() {
        List<String> all = jobs();
        List<String> selected = selectedJobs();
        for (String job : selected) {
            if (!all.contains(job)) {
                LOG.errorf("roster.jobs names '%s', which is not a job; jobs: %s", job, all);
                return 2;
            }
        }
        if (selected.isEmpty()) {
            LOG.error("no job routes were loaded: check camel.main.routes-include-pattern and the routes folder");
            return 2;
        }
        int exit = 0;
        for (String job : selected) {
            exit = Math.max(exit, run(job, config.dryRun(), "once").exitCode());
        }
        return exit;
    }
}
