package io.roster.steps.control;

import io.roster.config.Invocation;
import io.roster.config.Invocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which schedules run: none when the process runs once ({@code roster run}, {@code roster.once}) (the runner starts the jobs itself and exits; nor the
 * health checks), and only those of the selected jobs with {@code roster.jobs}.
 */
@ApplicationScoped
public class TriggerControl {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final Invocations invocations;
    private final Map<String, String> broken = new ConcurrentHashMap<>();

    public TriggerControl(Invocations invocations) {
        this.invocations = invocations;
    }

    /** Why the job's schedule cannot run, if it cannot. */
    public Optional<String> problem(String job) {
        return Optional.ofNullable(broken.get(job));
    }

    void beforeStart(@Observes BeforeStart event) throws Exception {
        ModelCamelContext model = (ModelCamelContext) event.getCamelContext();
        Invocation asked = invocations.get();
        List<String> selected = asked.jobs();
        for (RouteDefinition def : List.copyOf(model.getRouteDefinitions())) {
            if (JobRoutes.HEALTH.equals(def.getGroup()) && asked.once()) {
                def.setAutoStartup("false"); // a single run has no probes to answer
                continue;
            }
            if (!JobRoutes.TRIGGERS.equals(def.getGroup())) {
                continue;
            }
            String job = JobRoutes.jobOfTrigger(def.getRouteId()).orElse(def.getRouteId());
            String uri = def.getInput().getEndpointUri();
            Optional<String> bad;
            try {
                bad = Schedules.problem(event.getCamelContext().resolvePropertyPlaceholders(uri));
            } catch (RuntimeException e) {
                bad = Optional.of("'" + uri + "' cannot be resolved: " + e.getMessage());
            }
            if (bad.isPresent()) {
                // the job stays (it can be run by hand and shows as not ready); only its unusable trigger goes
                String why = "its schedule " + bad.get() + " (route " + def.getRouteId() + ", or roster.schedule." + job + ")";
                broken.put(job, why);
                model.removeRouteDefinition(def);
                LOG.errorf("job %s does not run on a schedule: %s", job, why);
                continue;
            }
            if (asked.once()) {
                def.setAutoStartup("false");
            } else if (!selected.isEmpty() && !selected.contains(job)) {
                def.setAutoStartup("false");
                LOG.infof("job %s is not in roster.jobs: its schedule is off", job);
            } else {
                LOG.infof("job %s runs on schedule %s", job, def.getInput().getEndpointUri());
            }
        }
    }
}
