package io.roster.observe;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * {@code /q/health/ready}: whether every selected job's source and target are configured and answer, from the latest
 * scheduled check ({@link JobReachability}). Open to the network, so each job says only which part is wrong ("source",
 * "target", "job file") and where the precise problem is: {@code GET /roster/jobs/{job}/readiness}, behind the API's
 * token (a problem may name a login, a host or a file). A job that cannot run makes the pod not ready (out of its
 * Service), never restarts it: liveness is the process alone.
 */
@Readiness
@ApplicationScoped
public class JobsReadiness implements HealthCheck {

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
