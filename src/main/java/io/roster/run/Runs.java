package io.roster.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens and closes runs: {@code begin} gives a run its id and loads the job file; {@code finish} and
 * {@code failed} log the one summary line and write the JSON report. Used by every job route.
 */
@ApplicationScoped
@Named("runs")
public class Runs {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Set on the exchange that starts a job to run it as a dry run (or not) regardless of roster.dry-run. */
    public static final String DRY_RUN_HEADER = "RosterDryRun";

    private final RosterConfig config;
    private final JobSpecs specs;
    private final Map<String, SyncRun> last = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public Runs(RosterConfig config, JobSpecs specs) {
        this.config = config;
        this.specs = specs;
    }

    public void begin(String job, Exchange exchange) {
        String id = ID.format(Instant.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        // The run exists before the job file is read, so a bad file still ends in a summary and a report.
        boolean dryRun = exchange.getIn().getHeader(DRY_RUN_HEADER, config.dryRun(), Boolean.class);
        SyncRun placeholder = new SyncRun(job, id, dryRun, null);
        exchange.setProperty("run", placeholder);
        SyncRun run = new SyncRun(job, id, dryRun, specs.load(job));
        exchange.setProperty("run", run);
        LOG.infof("job %s run %s started%s", job, id, run.dryRun() ? " (dry run: nothing will be written)" : "");
    }

    public void finish(Exchange exchange) {
        close(exchange.getProperty("run", SyncRun.class));
    }

    /** The route's error handler lands here when a run cannot go on (bad config, unreadable source, Sign unreachable). */
    public void failed(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : cause.getMessage();
        if (run == null) {
            String job = exchange.getFromRouteId();
            run = new SyncRun(job, "none", config.dryRun(), null);
        }
        run.error(reason == null ? cause.getClass().getSimpleName() : reason);
        close(run);
    }

    public Optional<SyncRun> last(String job) {
        return Optional.ofNullable(last.get(job));
    }

    private void close(SyncRun run) {
        Instant ended = Instant.now();
        run.warnings().forEach(w -> LOG.warnf("job %s: %s", run.job(), w));
        String line = run.summary(ended);
        if (run.exitCode() == 0) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
        last.put(run.job(), run);
        config.reportDir().ifPresent(dir -> writeReport(run, ended, Path.of(dir)));
    }

    private void writeReport(SyncRun run, Instant ended, Path dir) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("job", run.job());
        report.put("runId", run.id());
        report.put("start", run.started());
        report.put("end", ended);
        report.put("dryRun", run.dryRun());
        report.put("outcome", run.outcome());
        report.put("exitCode", run.exitCode());
        if (run.error() != null) {
            report.put("error", run.error());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SyncRun.Count c : SyncRun.Count.values()) {
            counts.put(c.name().toLowerCase(Locale.ROOT), run.count(c));
        }
        report.put("counts", counts);
        report.put("targetRequests", run.targetRequests());
        report.put("warnings", run.warnings());
        report.put("actions", run.entries());
        try {
            Files.createDirectories(dir);
            json.writeValue(dir.resolve(run.job() + "-" + run.id() + ".json").toFile(), report);
        } catch (IOException e) {
            LOG.errorf("could not write the report of job %s run %s to %s: %s", run.job(), run.id(), dir, e.getMessage());
        }
    }
}
