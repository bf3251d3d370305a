package io.roster.steps.control;

import io.quarkus.runtime.StartupEvent;
import io.roster.config.Invocation;
import io.roster.config.Invocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.quarkus.core.CamelRuntime;

/**
 * Roster has its own main (for once mode and exit codes), which replaces Camel Quarkus's; so Camel is started
 * here, at application start, for the service, once mode and tests alike.
 */
@ApplicationScoped
public class CamelStarter {

    void onStart(@Observes StartupEvent event, CamelRuntime runtime, CamelContext camel, Invocations invocations) {
        // asked only for help, a version, or given a wrong argument or setting: nothing may run, not even a schedule
        if (invocations.get().command() == Invocation.Command.PRINT) {
            return;
        }
        if (!camel.isStarted()) {
            runtime.start(new String[0]);
        }
    }
}
