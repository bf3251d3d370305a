package io.roster.steps.control;

import io.roster.secrets.SecretMask;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.timer.TimerConsumer;
import org.quartz.Trigger;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * When each job runs: its trigger route's schedule as written, whether it is on, and when it next fires — Quartz says
 * so itself; a timer (which waits its period after each scheduled run began) is reckoned from the last scheduled run.
 */
@ApplicationScoped
public class JobSchedules {

    /** A job's schedule: what it is (null: none), whether it runs, and when next (null: not known or off). */
    public record Schedule(String schedule, boolean on, Instant next) {
    }

    private final CamelContext camel;
    private final RunHistory history;

    public JobSchedules(CamelContext camel, RunHistory history) {
        this.camel = camel;
        this.history = history;
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
            if (consumer instanceof TimerConsumer timer && timer.getPeriod() > 0) {
                if (timer.getCounter() == 0) {
                    Instant up = Instant.now().minusMillis(trigger.getUptimeMillis());
                    return Optional.of(up.plusMillis(Math.max(0, timer.getDelay())));
                }
                return history.list(job, 20).stream().filter(r -> "schedule".equals(r.startedBy())).findFirst()
                        .map(RunRecord::startedAt).map(s -> s.plusMillis(timer.getPeriod()));
            }
        } catch (Exception e) { // a schedule Roster cannot read ahead: the page says "not known"
            return Optional.empty();
        }
        return Optional.empty();
    }
}
