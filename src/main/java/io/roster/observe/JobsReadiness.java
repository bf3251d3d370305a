package io.roster.observe;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import io.smallrye.health.api.HealthGroup;

import java.util.Map;

/**
 * {@code /q/health/group/jobs}: whether every selected job's source and target are configured and answer, from the
 * latest scheduled check ({@link JobReachability}); also the metric {@code roster_job_reachable{roster_job}}. Open to
 * the network, so each job says only which part is wrong ("source", "target", "job file") and where the precise problem
 * is: {@code GET /roster/jobs/{job}/readiness}, behind the API's token (a problem may name a login, a host or a file).
 * A health group of its own, not readiness: a target that cannot be reached is the same for every replica, and taking
 * them all out of their Service would take the console and the API with them. Readiness is the process and its state
 * store (Quarkus' datasource check, Camel's context); liveness the process alone.
 */
@HealthGroup(JobsReadiness.GROUP)
@ApplicationScoped
public class JobsReadiness implements HealthCheck {

    public static final String GROUP = "jobs";

    private final JobReachability reachability;

    public JobsReadiness(JobReachability reachability) {
        this.reachability = reachability;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, JobReachability.Answer> answers = reachability.latest();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("roster jobs can reach their source and target");
        if (answers.isEmpty()) {
            return r.up().withData("checked", "not yet (roster.health.check-interval; off with roster.once)").build();
        }
        boolean up = true;
        for (JobReachability.Answer a : answers.values()) {
            up &= a.ok();
            r.withData(a.job(), a.ok() ? "ok" : "not ready: " + String.join(", ", a.parts())
                    + " — see GET /roster/jobs/" + a.job() + "/readiness");
        }
        r.withData("checked", answers.values().iterator().next().checkedAt().toString());
        return r.status(up).build();
    }
}
