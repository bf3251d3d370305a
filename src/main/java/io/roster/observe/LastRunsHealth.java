package io.roster.observe;

import io.roster.report.RunReport;
import io.roster.state.HeldActions;
import io.roster.steps.Runs;
import io.roster.steps.control.JobRunner;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.Map;
import java.util.Optional;

/**
 * {@code /q/health} and {@code /q/health/well}: each job's last run since start, as its outcome and run id only — "ok",
 * "attention" or "not-run", with where to read why ("see GET /roster/runs/{id}"). Health is open to the network, so it
 * carries no reason text: a reason may name a person or a login, and those stay behind the API's token. DOWN when a
 * job's last run could not run at all. A wellness check, so a failing job shows in health without touching the
 * liveness or readiness probes: the pod stays up and the next scheduled run tries again. Changes a job holds for an
 * admin's decision are counted beside it.
 */
@Wellness
@ApplicationScoped
public class LastRunsHealth implements HealthCheck {

    private final JobRunner runner;
    private final Runs runs;
    private final HeldActions held;

    public LastRunsHealth(JobRunner runner, Runs runs, HeldActions held) {
        this.runner = runner;
        this.runs = runs;
        this.held = held;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("roster jobs' last runs");
        boolean up = true;
        Map<String, Long> waiting = heldCounts();
        for (String job : runner.selectedJobs()) {
            long n = waiting.getOrDefault(job, 0L);
            if (n > 0) {
                r.withData(job + " held", n + " changes wait for an admin's decision — see GET /roster/held?job=" + job);
            }
            Optional<RunReport> last = runs.last(job);
            if (last.isEmpty()) {
                r.withData(job, "no run since start");
                continue;
            }
            RunReport run = last.get();
            up &= run.exitCode() != 2;
            String what = switch (run.exitCode()) {
                case 0 -> "ok";
                case 1 -> "attention: the last run needs a look";
                default -> "not-run: the last run could not run";
            };
            r.withData(job, what + " (run " + run.id() + ")" + (run.exitCode() == 0 ? ""
                    : " — see GET /roster/runs/" + run.id()));
        }
        return r.status(up).build();
    }

    /** Held changes per job; none known when the state store cannot answer (the readiness check says so). */
    private Map<String, Long> heldCounts() {
        try {
            return held.heldCounts();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }
}
