package io.roster.steps;

import io.roster.targets.sign.SignSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;

import java.util.concurrent.ExecutorService;

/** The threads a run's writes use, made and shut down by Camel with its context. */
public class WorkerPools {

    /** Sign writes (and detail reads), in parallel: {@code roster.sign.concurrency} threads. */
    @Produces
    @Singleton
    @Named("signWriters")
    ExecutorService signWriters(CamelContext camel, SignSettings config) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "sign-writer", config.concurrency());
    }

    /** Signature 365's journal: one thread, so requests are journaled one at a time and in the order they were sent. */
    @Produces
    @Singleton
    @Named("signature365Journal")
    ExecutorService signature365Journal(CamelContext camel) {
        return camel.getExecutorServiceManager().newSingleThreadExecutor(this, "signature365-journal");
    }

    /** Entra ID's journal: one thread, so sends are journaled one at a time, in the order they were sent. */
    @Produces
    @Singleton
    @Named("entraJournal")
    ExecutorService entraJournal(CamelContext camel) {
        return camel.getExecutorServiceManager().newSingleThreadExecutor(this, "entra-journal");
    }
}
