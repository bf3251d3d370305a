package io.roster.steps.control;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The naming contract between Java and the route files: a job is a route in group {@code roster-jobs} whose id is
 * the job's name (it starts {@code from: direct:<job>}); its schedule is a route in group {@code roster-triggers}
 * with id {@code <job>-trigger}; its target is the shared sync route it sends its people to ({@code direct:sign-sync},
 * {@code direct:signature365-sync} or {@code direct:entra-sync}).
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

    /** The target a job's route sends its people to ("sign", "signature365", "entra"), if its route says. */
    public static Optional<String> target(CamelContext camel, String job) {
        RouteDefinition def = camel instanceof ModelCamelContext m ? m.getRouteDefinition(job) : null;
        return def == null ? Optional.empty() : target(def.getOutputs());
    }

    private static Optional<String> target(List<ProcessorDefinition<?>> steps) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof ToDefinition to && to.getUri() != null) {
                java.util.regex.Matcher m = SYNC.matcher(to.getUri());
                if (m.matches()) {
                    return Optional.of(m.group(1));
                }
            }
            Optional<String> inner = target(step.getOutputs());
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern SYNC =
            java.util.regex.Pattern.compile("direct:(sign|signature365|entra)-sync(\\?.*)?");
}
