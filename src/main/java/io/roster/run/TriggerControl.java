package io.roster.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Decides which schedules run: none when the process runs once ({@code roster run}, {@code roster.once}) (the runner starts the jobs itself and exits; nor the
 * health checks), and only those of the selected jobs with {@code roster.jobs}.
 */
@ApplicationScoped
public class TriggerControl {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final Invocations invocations;

    public TriggerControl(Invocations invocations) {
        this.invocations = invocations;
    }

    void beforeStart(@Observes BeforeStart event) {
        ModelCamelContext model = (ModelCamelContext) event.getCamelContext();
        Invocation asked = invocations.get();
        List<String> selected = asked.jobs();
        for (RouteDefinition def : model.getRouteDefinitions()) {
            if (JobRoutes.HEALTH.equals(def.getGroup()) && asked.once()) {
                def.setAutoStartup("false"); // a single run has no probes to answer
                continue;
            }
            if (!JobRoutes.TRIGGERS.equals(def.getGroup())) {
                continue;
            }
            String job = JobRoutes.jobOfTrigger(def.getRouteId()).orElse(def.getRouteId());
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
