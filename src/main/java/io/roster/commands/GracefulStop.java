package io.roster.commands;

import io.quarkus.runtime.ShutdownEvent;
import io.roster.config.RosterConfig;
import io.roster.steps.Runs;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * On SIGTERM (a pod evicted, a deploy, Ctrl-C) every running run is asked to stop at its next batch boundary and
 * Roster waits for them — before Camel, the state store or the connection pools are shut down, so the batch under way
 * finishes and is journaled, the run is recorded as interrupted, and the next run resumes it. The wait is bounded by
 * {@code roster.shutdown.grace} (default 20 s, inside Kubernetes' default 30 s grace period); a run still busy then is
 * left as after a crash, which the next run also resumes.
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final Runs runs;
    private final Duration grace;

    public GracefulStop(Runs runs, RosterConfig config) {
        this.runs = runs;
        this.grace = config.shutdown().grace();
    }

    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        int asked = runs.stopAll("Roster is stopping");
        if (asked == 0) {
            return;
        }
        LOG.infof("stopping: %d running jobs end at their next batch boundary (waiting up to %s)", asked, grace);
        if (!runs.awaitIdle(grace)) {
            LOG.warnf("stopping: a run did not reach a batch boundary within roster.shutdown.grace=%s; the next run"
                    + " resumes it as after a crash", grace);
        }
    }
}
