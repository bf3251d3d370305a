package io.roster.targets.sign;

import io.roster.run.RosterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;

import java.util.concurrent.ExecutorService;

/** The bounded pool the routes' parallel split uses for Sign writes ({@code roster.sign.concurrency} threads). */
@ApplicationScoped
public class SignWriterPool {

    @Produces
    @jakarta.inject.Singleton
    @Named("signWriters")
    ExecutorService signWriters(CamelContext camel, RosterConfig config) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "sign-writer", config.sign().concurrency());
    }
}
