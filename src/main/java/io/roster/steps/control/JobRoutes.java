package io.roster.steps.control;

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

    public static Optional<String> jobOfTrigger(String routeId) {
        return routeId != null && routeId.endsWith(TRIGGER_SUFFIX)
                ? Optional.of(routeId.substring(0, routeId.length() - TRIGGER_SUFFIX.length()))
                : Optional.empty();
    }
}
