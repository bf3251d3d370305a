package io.roster.steps.control;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The naming contract between Java and the route files: a job is a route in group {@code roster-jobs} whose id is
 * the job's name (it starts {@code from: direct:<job>}); its schedule is a route in group {@code roster-triggers}
 * with id {@code <job>-trigger}.
 */
public final class JobRoutes {

    public static final String JOBS = "roster-jobs";
    public static final String TRIGGERS = "roster-triggers";
    /** The scheduled reachability checks behind /q/health/ready. */
    public static final String HEALTH = "roster-health";
    private static final String TRIGGER_SUFFIX = "-trigger";

    private JobRoutes() {
    }

    /** The jobs the routes now define: each route of group {@code roster-jobs}, by id. */
    public static List<String> jobs(CamelContext camel) {
        List<String> jobs = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            if (JOBS.equals(r.getGroup())) {
                jobs.add(r.getRouteId());
            }
        }
        return jobs;
    }

    public static Optional<String> jobOfTrigger(String routeId) {
        return routeId != null && routeId.endsWith(TRIGGER_SUFFIX)
                ? Optional.of(routeId.substring(0, routeId.length() - TRIGGER_SUFFIX.length()))
                : Optional.empty();
    }
}
