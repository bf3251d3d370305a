package io.roster;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.roster.run.DeadLetterCommands;
import io.roster.run.JobRunner;
import io.roster.run.RosterConfig;
import io.roster.run.SecretEncryption;
import io.roster.run.SourceCommands;
import io.roster.run.SourceSizeCommands;
import jakarta.inject.Inject;
import org.apache.camel.quarkus.core.CamelRuntime;

import java.util.List;

/**
 * Roster's entry point. As a service it waits while the job routes run on their schedules; with
 * {@code roster.once=true} it runs every selected job once and exits with 0 (synced), 1 (some records failed
 * or a safety limit held changes back) or 2 (a job could not run). With {@code roster.dead-letters.action} as well,
 * it lists, retries or discards dead letters instead; with {@code roster.check} it checks the jobs' SQL sources, and
 * with {@code roster.discover=<source>} it lists a SQL source's tables; with {@code roster.safety.accept-source-size}
 * it accepts a job's smaller source as its new size; with {@code roster.encrypt} it encrypts a
 * secret read from standard input for use in configuration.
 */
@QuarkusMain
public class RosterMain implements QuarkusApplication {

    @Inject
    RosterConfig config;

    @Inject
    JobRunner runner;

    @Inject
    CamelRuntime camel;

    @Inject
    DeadLetterCommands deadLetters;

    @Inject
    SourceCommands sources;

    @Inject
    SourceSizeCommands sourceSizes;

    @Inject
    SecretEncryption encryption;

    @Override
    public int run(String... args) {
        // Camel was started at application start (CamelStarter).
        if (!config.once()) {
            return camel.waitForExit();
        }
        if (config.encrypt()) {
            return encryption.runMode(System.in, System.out);
        }
        if (config.discover().isPresent()) {
            return sources.discover(config.discover().get());
        }
        if (config.check()) {
            return sources.check();
        }
        if (config.safety().acceptSourceSize().isPresent()) {
            return sourceSizes.runMode(config.safety().acceptSourceSize().get(), config.jobs().orElse(List.of()),
                    config.safety().acceptedBy().orElse("command line (" + System.getProperty("user.name", "?") + ")"));
        }
        if (config.deadLetters().action().isPresent()) {
            return deadLetters.runMode(config.deadLetters().action().get(),
                    config.jobs().orElse(List.of()), config.deadLetters().ids().orElse(List.of()));
        }
        return runner.runOnce();
    }
}
