package io.roster.targets.signature365;

import io.quarkus.runtime.StartupEvent;
import io.roster.config.JobConfigException;
import io.roster.config.RosterConfig;
import io.roster.job.JobSpec;
import io.roster.job.JobSpecs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * At start-up, every Signature 365 job file (one with a {@code signature365:} section) must map email and only
 * declared field tokens; otherwise Roster refuses to start, naming the job and the token. Each run checks again,
 * since job files may be edited while Roster runs.
 */
@ApplicationScoped
public class Signature365StartupCheck {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    void onStart(@Observes StartupEvent event, RosterConfig config, JobSpecs specs, Signature365Target target) {
        Path dir = Path.of(config.configDir());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                String job = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                JobSpec spec;
                try {
                    spec = specs.load(job);
                } catch (JobConfigException e) {
                    LOG.warnf("job file %s: %s (the job's runs will fail until it is fixed)", f, e.getMessage());
                    continue;
                }
                if (spec.signature365() != null) {
                    try {
                        target.fields().check(job, spec.mapping());
                    } catch (JobConfigException e) {
                        // one plain line for the admin ahead of Quarkus' start-up failure trace
                        LOG.errorf("Roster cannot start: job file %s: %s", f, e.getMessage());
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            LOG.warnf("could not list the job files in %s: %s", dir, e.getMessage());
        }
    }
}
