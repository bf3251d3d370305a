package io.roster.run;

import io.quarkus.runtime.StartupEvent;
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

    void onStart(@Observes StartupEvent event, CamelRuntime runtime, CamelContext camel) {
        if (!camel.isStarted()) {
            runtime.start(new String[0]);
        }
    }
}
