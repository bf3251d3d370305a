package io.roster.steps.control;

import io.roster.secrets.SecretMask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.timer.TimerConsumer;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.quartz.Trigger;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each job runs: its trigger route's schedule as written, whether it is on, and when it next fires. Quartz says
 * so itself; a timer fires its period after its last firing (kept here as each trigger route fires, whether or not
 * the job could start), or its delay after the route started.
 */
@ApplicationScoped
public class JobSchedules {

    /** A job's schedule: what it is (null: none), whether it runs, and when next (null: not known, or no more). */
    public record Schedule(String schedule, boolean on, Instant next) {
    }

    private final CamelContext camel;
    /** When each job's trigger last fired, by job. */
    private final Map<String, Instant> fired = new ConcurrentHashMap<>();

    public JobSchedules(CamelContext camel) {
        this.camel = camel;
    }

    /** Every trigger route, as it is made (at start or on a reload), notes when it fires. */
    void beforeStart(@Observes BeforeStart event) {
        event.getCamelContext().addRoutePolicyFactory(new RoutePolicyFactory() {
            @Override
            public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
                return JobRoutes.jobOfTrigger(routeId).<RoutePolicy>map(job -> new RoutePolicySupport() {
                    @Override
                    public void onExchangeBegin(Route r, Exchange exchange) {
                        fired.put(job, Instant.now());
                    }
                }).orElse(null);
            }
        });
    }

    public Schedule of(String job) {
        Route trigger = camel.getRoute(job + "-trigger");
        if (trigger == null) {
            return new Schedule(null, false, null);
        }
        String uri = SecretMask.apply(trigger.getEndpoint().getEndpointUri());
        boolean on = camel.getRouteController().getRouteStatus(trigger.getRouteId()) == ServiceStatus.Started;
        return new Schedule(uri, on, on ? next(job, trigger).orElse(null) : null);
    }

    private Optional<Instant> next(String job, Route trigger) {
        try {
            if (trigger.getEndpoint() instanceof QuartzEndpoint q && q.getTriggerKey() != null) {
                Trigger t = q.getComponent().getScheduler().getTrigger(q.getTriggerKey());
                return Optional.ofNullable(t).map(Trigger::getNextFireTime).map(Date::toInstant);
            }
            Consumer consumer = trigger.getConsumer();
            if (consumer instanceof TimerConsumer timer) {
                TimerEndpoint endpoint = timer.getEndpoint();
                if (endpoint.getTime() != null || timer.getPeriod() <= 0
                        || timer.getRepeatCount() > 0 && timer.getCounter() >= timer.getRepeatCount()) {
                    return Optional.empty(); // fires at a set time, once, or no more
                }
                Instant started = Instant.now().minusMillis(trigger.getUptimeMillis());
                Instant last = fired.get(job);
                return Optional.of(last != null && !last.isBefore(started) ? last.plusMillis(timer.getPeriod())
                        : started.plusMillis(Math.max(0, timer.getDelay())));
            }
        } catch (Exception e) { // a schedule Roster cannot read ahead: the page says "not known"
            return Optional.empty();
        }
        return Optional.empty();
    }
}
