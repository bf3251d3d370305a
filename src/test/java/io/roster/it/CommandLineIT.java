package io.roster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.sim.Signature365Simulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application's command line, as an admin types it: help and version run nothing; a mistyped command,
 * option or environment variable is a one-line error with the nearest known name, exit 2, and nothing runs; so is a
 * value a setting cannot take (the Signature 365 simulator the job would write to sees no request); {@code run --json}
 * prints only JSON on standard output, the logs going to standard error.
 */
class CommandLineIT {

    static final Path DIR = Path.of("target/command-line");
    static final String SECRET = "command-line-s365-secret-2c9d";

    record Result(int exit, String out, String err) {
    }

    @Test
    void helpAndVersionPrintUsageAndRunNothing() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            Result help = roster(s365, "help", Map.of(), "--help");
            assertEquals(0, help.exit, help.err);
            assertTrue(help.out.contains("Usage: roster") && help.out.contains("dead-letters"), help.out);
            assertFalse(help.err.contains("started by"), "no job ran: " + help.err);

            Result version = roster(s365, "version", Map.of(), "run", "--version");
            assertEquals(0, version.exit, version.err);
            assertTrue(version.out.strip().startsWith("roster "), version.out);
            assertEquals(0, s365.requests(), "nothing was sent anywhere");
        }
    }

    @Test
    void mistypedCommandsOptionsAndVariablesAreOneLineErrorsAndRunNothing() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            Result command = roster(s365, "command", Map.of(), "rnu");
            assertEquals(2, command.exit);
            assertEquals("roster: Unmatched argument at index 0: 'rnu'; did you mean run? (see roster --help)",
                    lastLine(command.err));

            Result option = roster(s365, "option", Map.of(), "run", "--dryrun");
            assertEquals(2, option.exit);
            assertTrue(lastLine(option.err).contains("did you mean --dry-run?"), option.err);

            Result variable = roster(s365, "variable", Map.of("ROSTER_DRYRUN", "true"), "run");
            assertEquals(2, variable.exit);
            assertEquals("roster: the environment variable ROSTER_DRYRUN is not a Roster setting; did you mean"
                    + " ROSTER_DRY_RUN (roster.dry-run)? Nothing was run.", lastLine(variable.err));
            assertFalse(variable.err.contains("started by"), variable.err);
            assertFalse(variable.err.contains("\tat "), "no stack trace: " + variable.err);

            Result pasted = roster(s365, "pasted", Map.of(), "run", "--secret=" + SECRET);
            assertEquals(2, pasted.exit);
            assertTrue(lastLine(pasted.err).contains("Unknown option: '--secret=****'"), pasted.err);
            assertFalse((pasted.out + pasted.err).contains(SECRET), "a secret pasted on the command line is not echoed");

            Result property = roster(s365, "property", Map.of(), "-Droster.dryrun=true", "run");
            assertEquals(2, property.exit);
            assertEquals("roster: the setting roster.dryrun (a -D system property) is not a Roster setting; did you mean"
                    + " roster.dry-run? Nothing was run.", lastLine(property.err));

            Result value = roster(s365, "value", Map.of("ROSTER_PLANS_ON_STALE", "maybe"), "run");
            assertEquals(2, value.exit, "a value a setting cannot take: the job could not run");
            assertEquals("roster: The config property roster.plans.on-stale with the config value \"maybe\": Cannot"
                    + " convert maybe to enum class io.roster.state.PlanSettings$OnStale, allowed values:"
                    + " refuse,leave-out; nothing was run", lastLine(value.err));
            assertFalse(value.err.contains("\tat "), "no stack trace: " + value.err);

            Result duration = roster(s365, "duration", Map.of("ROSTER_ENTRA_SYNC_WAIT", "soon"), "run");
            assertEquals(2, duration.exit);
            assertEquals("roster: The config property roster.entra.sync-wait with the config value \"soon\": not a"
                    + " duration (e.g. 2h, 30m, 45s or PT2H); nothing was run", lastLine(duration.err));

            String shortToken = "viewer-token-2c9f";
            Result refused = roster(s365, "refused", Map.of("ROSTER_CONSOLE_READ_ONLY_TOKEN", shortToken), "run");
            assertEquals(2, refused.exit, "a start Roster refuses is not a silent exit 1: " + refused.err);
            assertTrue(lastLine(refused.err).startsWith("roster: Roster could not start: roster.console.read-only-token")
                    && lastLine(refused.err).contains("at least 32"), refused.err);
            assertFalse((refused.out + refused.err).contains(shortToken), "the token is not shown");

            assertEquals(0, s365.requests(), "no mistake reached the target");
        }
    }

    @Test
    void aBadScheduleIsOneLineNamingTheJobAndItsSettingEvenForADryRun() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            Result run = roster(s365, "schedule", Map.of("ROSTER_SCHEDULE_HR_TO_SIGNATURE365", "1x"),
                    "run", "hr-to-signature365", "--dry-run");
            assertEquals(2, run.exit, run.err);
            assertTrue(run.err.contains("job hr-to-signature365 is not run: its schedule the timer's period '1x' is not a"
                    + " time (e.g. 1h, 30m, 1h30m) (route hr-to-signature365-trigger, or roster.schedule.hr-to-signature365)"),
                    run.err);
            assertFalse(run.err.contains("\tat "), "no stack trace: " + run.err);
            assertFalse(run.err.contains("would send"), "nothing was planned");
        }
    }

    @Test
    void aSourceThatCannotBeReachedIsNamedWithItsUrlAndSetting() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            Result check = roster(s365, "unreachable", Map.of("ROSTER_SOURCES_HR_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/hr",
                    "ROSTER_SOURCES_HR_PASSWORD", "unreachable-db-pw-6f1a"), "check", "hr-to-signature365");
            assertEquals(2, check.exit, check.err);
            assertTrue(check.err.contains("(jdbc:postgresql://127.0.0.1:1/hr, roster.sources.hr.jdbc-url)"), check.err);
            assertFalse((check.out + check.err).contains("unreachable-db-pw-6f1a"), "the password is never shown");
            JsonNode result = new ObjectMapper().readTree(check.out);
            assertEquals("CANNOT_CONNECT", result.path("outcome").asText(), check.out);
        }
    }

    @Test
    void runJsonPrintsOnlyTheReportsOnStandardOutput() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            Result run = roster(s365, "json", Map.of(), "run", "hr-to-signature365", "--dry-run", "--json");
            assertEquals(0, run.exit, run.err);
            JsonNode reports = new ObjectMapper().readTree(run.out);
            assertEquals(1, reports.size(), run.out);
            assertEquals("hr-to-signature365", reports.get(0).path("job").asText());
            assertTrue(reports.get(0).path("dryRun").asBoolean());
            assertEquals(5, reports.get(0).path("counts").path("created").asInt(), run.out);
            assertTrue(run.err.contains("[dry run]"), "the logs are on standard error");
            assertEquals(0, s365.requests(), "a dry run sends nothing");
        }
    }

    /** One-shot commands print only their answer on standard output: discover's tables are one JSON document. */
    @Test
    void discoverPrintsOnlyItsJsonOnStandardOutput() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            Result r = roster(s365, "discover", Map.of(), "discover", "hr");
            assertEquals(0, r.exit, r.err);
            JsonNode tables = new ObjectMapper().readTree(r.out);
            assertTrue(tables.isArray() && tables.size() >= 1, r.out);
            assertEquals("STAFF", tables.get(0).path("name").asText().toUpperCase(java.util.Locale.ROOT));
            assertTrue(r.err.contains("INFO"), "the logs are on standard error");
        }
    }

    /** With JSON logs on, as the Kubernetes settings turn them on, every line of a run names its job and run. */
    @Test
    void aJsonLogLineOfARunCarriesItsJobAndRunId() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            Result run = roster(s365, "json-logs", Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"),
                    "run", "hr-to-signature365", "--dry-run", "--json");
            assertEquals(0, run.exit, run.err);
            String runId = new ObjectMapper().readTree(run.out).get(0).path("runId").asText();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : run.err.lines().filter(l -> l.startsWith("{")).toList()) {
                lines.add(new ObjectMapper().readTree(line));
            }
            List<JsonNode> ofTheRun = lines.stream().filter(l -> runId.equals(l.path("mdc").path("roster_run").asText()))
                    .toList();
            assertTrue(ofTheRun.size() >= 3, "the run's lines carry its id: " + ofTheRun);
            ofTheRun.forEach(l -> assertEquals("hr-to-signature365", l.path("mdc").path("roster_job").asText(), l.toString()));
            JsonNode summary = ofTheRun.stream().filter(l -> l.path("message").asText()
                            .matches("job hr-to-signature365 run " + runId + "( \\(dry run\\))?: ok, .*"))
                    .findFirst().orElseThrow(() -> new AssertionError("no summary line in " + ofTheRun));
            assertEquals("INFO", summary.path("level").asText(), "a run's summary line is INFO");
            // every line Roster logged while the run ran, whichever thread logged it, is the run's
            int from = lines.indexOf(ofTheRun.get(0));
            int to = lines.indexOf(summary);
            for (JsonNode l : lines.subList(from, to + 1)) {
                if (l.path("loggerName").asText().startsWith("io.roster")) {
                    assertEquals(runId, l.path("mdc").path("roster_run").asText(), "carries the run: " + l);
                }
            }
        }
    }

    /** The error line Roster printed (Quarkus' own start and stop lines around it are logs). */
    private static String lastLine(String text) {
        return text.lines().filter(l -> l.startsWith("roster: ")).reduce((a, b) -> b).orElse("(no 'roster:' line) " + text);
    }

    private static Result roster(Signature365Simulator s365, String name, Map<String, String> env, String... args)
            throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Droster.signature365.base-url=" + s365.baseUrl(),
                "-Droster.signature365.secret=" + SECRET));
        List.of(args).stream().filter(a -> a.startsWith("-D")).forEach(jvm::add); // JVM options before -jar
        RosterJar.Result r = RosterJar.run(DIR, name, jvm, env, List.of(args).stream().filter(a -> !a.startsWith("-D"))
                .toList());
        return new Result(r.exit(), r.out(), r.err());
    }
}
