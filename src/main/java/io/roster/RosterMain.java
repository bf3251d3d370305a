package io.roster;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.roster.commands.DeadLetterCommands;
import io.roster.commands.EmbeddedStoreOpening;
import io.roster.commands.HeldCommands;
import io.roster.commands.PlanCommands;
import io.roster.commands.SecretEncryption;
import io.roster.commands.SourceCommands;
import io.roster.commands.SourceSizeCommands;
import io.roster.config.Invocation;
import io.roster.config.Invocations;
import io.roster.config.RosterConfig;
import io.roster.secrets.SecretMask;
import io.roster.steps.control.JobRunner;
import io.smallrye.config.ConfigValidationException;
import jakarta.inject.Inject;
import org.apache.camel.quarkus.core.CamelRuntime;

import java.util.function.BiConsumer;

/**
 * Roster's entry point: {@code roster run|serve|check|discover|dead-letters|accept-source-size|encrypt} ({@link
 * io.roster.config.CommandLineParser}), or with no arguments the settings below. As a service it waits while the job
 * routes run on their schedules; with {@code roster.once=true} it runs every selected job once and exits with 0 (synced), 1 (some records failed
 * or a safety limit held changes back) or 2 (a job could not run). With {@code roster.dead-letters.action} as well,
 * it lists, retries or discards dead letters instead; with {@code roster.check} it checks the jobs' SQL sources, and
 * with {@code roster.discover=<source>} it lists a SQL source's tables; with {@code roster.safety.accept-source-size}
 * it accepts a job's smaller source as its new size; with {@code roster.encrypt} it encrypts a
 * secret read from standard input for use in configuration.
 */
@QuarkusMain
public class RosterMain implements QuarkusApplication {

    public static void main(String... args) {
        // The User Sync Tool's files are read before Quarkus is: they decide the job and the settings it starts with
        io.roster.config.Invocation early = new io.roster.config.CommandLineParser(
                String.valueOf(RosterMain.class.getPackage().getImplementationVersion())).parse(args);
        if (early.command() == io.roster.config.Invocation.Command.IMPORT_UST) {
            System.exit(io.roster.commands.UstFiles.importTo(early.ustConfig(), early.argument(), System.out, System.err));
        }
        String ust = early.ustConfig() != null ? early.ustConfig()
                : System.getProperty("roster.ust-config", System.getenv("ROSTER_UST_CONFIG"));
        boolean runsJobs = args.length == 0 || !java.util.EnumSet.of(io.roster.config.Invocation.Command.PRINT,
                io.roster.config.Invocation.Command.ENCRYPT, io.roster.config.Invocation.Command.DISCOVER)
                .contains(early.command());
        if (ust != null && !ust.isBlank() && runsJobs) {
            int prepared = io.roster.commands.UstFiles.runFrom(ust, early.jobs(), System.err);
            if (prepared != 0) {
                System.exit(prepared);
            }
        }
        besideTheService(early, args.length);
        BiConsumer<Integer, Throwable> standard = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        Quarkus.run(RosterMain.class, (code, failure) -> standard.accept(exitCode(code, failure), failure), args);
    }

    /**
     * One-shot commands typed beside a running service: none takes the service's HTTP port (a free one instead), and
     * those that need no state store (check, discover, encrypt) leave the embedded one alone, whose file the service
     * holds. An admin's own setting of either stands.
     */
    static void besideTheService(io.roster.config.Invocation asked, int argCount) {
        io.roster.config.Invocation.Command c = asked.command();
        if (argCount == 0 || c == io.roster.config.Invocation.Command.SERVE
                || c == io.roster.config.Invocation.Command.PRINT) {
            return; // the settings decide (containers), or nothing starts
        }
        setUnlessSet("quarkus.http.port", "0");
        if (java.util.EnumSet.of(io.roster.config.Invocation.Command.CHECK, io.roster.config.Invocation.Command.DISCOVER,
                io.roster.config.Invocation.Command.ENCRYPT).contains(c)) {
            setUnlessSet("quarkus.datasource.embedded.active", "false");
        } else if (NEEDS_STATE.contains(c)) {
            // opened (and migrated) when the command runs, so a service holding the file is found, not a failed start
            setUnlessSet("quarkus.flyway.embedded.migrate-at-start", "false");
        }
    }

    /** The commands that read or write the state store: beside a service holding its embedded file, they ask it. */
    static final java.util.Set<io.roster.config.Invocation.Command> NEEDS_STATE = java.util.EnumSet.of(
            io.roster.config.Invocation.Command.RUN, io.roster.config.Invocation.Command.PLAN,
            io.roster.config.Invocation.Command.APPLY, io.roster.config.Invocation.Command.UNDO,
            io.roster.config.Invocation.Command.HELD, io.roster.config.Invocation.Command.DEAD_LETTERS,
            io.roster.config.Invocation.Command.ACCEPT_SOURCE_SIZE);

    private static void setUnlessSet(String key, String value) {
        String env = key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        if (System.getProperty(key) == null && System.getenv(env) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * A setting whose value Roster cannot take (a word where a number or one of a list belongs) stops the start, as a
     * mistyped setting name does: one line each, and exit 2 (a job could not run), not Quarkus' 1 (records failed).
     */
    static int exitCode(int code, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigValidationException invalid) {
                for (int i = 0; i < invalid.getProblemCount(); i++) {
                    String problem = invalid.getProblem(i).getMessage()
                            .replaceAll("(?:[a-z]+\\.)+[A-Z]\\w*(?:Exception|Error): ", "")
                            .replaceAll("SRCFG\\d+: ", "").replace(" threw an Exception whilst being converted ", ": ")
                            .replace("Text cannot be parsed to a Duration", "not a duration (e.g. 2h, 30m, 45s or PT2H)");
                    System.err.println("roster: " + SecretMask.apply(problem) + "; nothing was run");
                }
                return 2;
            }
        }
        if (failure != null) {
            // a start Roster refused (a token too short, a job file it cannot read): its own words, one line, not a
            // silent exit 1
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = String.valueOf(root.getMessage());
            if (why.contains("The file is locked")) { // H2's words for a store another Roster holds
                why = "the embedded state store (" + why.replaceAll(".*locked: ([^ \\[]+).*", "$1") + ") is held by a"
                        + " running Roster (the service): stop it first, use PostgreSQL for the state store"
                        + " (QUARKUS_PROFILE=postgresql), or ask the service's API (/roster/...)";
            }
            System.err.println("roster: Roster could not start: " + SecretMask.apply(why) + "; nothing was run");
            return 2;
        }
        return code;
    }

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
    HeldCommands held;

    @Inject
    PlanCommands plans;

    @Inject
    SourceSizeCommands sourceSizes;

    @Inject
    SecretEncryption encryption;

    @Inject
    Invocations invocations;

    @Inject
    EmbeddedStoreOpening store;

    @Override
    public int run(String... args) {
        Invocation asked = invocations.get();
        String by = asked.by() != null ? asked.by() : "command line (" + System.getProperty("user.name", "?") + ")";
        if (args.length > 0 && NEEDS_STATE.contains(asked.command())) {
            try {
                java.util.Optional<io.roster.commands.ServiceCommands> service = store.openOrFindService();
                if (service.isPresent()) {
                    return service.get().run(asked, by);
                }
            } catch (IllegalStateException e) {
                System.err.println("roster: " + SecretMask.apply(e.getMessage()) + "; nothing was run here");
                return 2;
            }
        }
        // Camel was started at application start (CamelStarter), unless there is nothing to run.
        return switch (asked.command()) {
            case PRINT -> {
                // printed, not logged, so the log's secret filter does not see it: an argument may hold a secret
                (asked.exitCode() == 0 ? System.out : System.err).println(SecretMask.apply(asked.text()));
                yield asked.exitCode();
            }
            case SERVE -> camel.waitForExit();
            case ENCRYPT -> encryption.runMode(System.in, System.out, asked.json());
            case DISCOVER -> sources.discover(asked.argument());
            case CHECK -> sources.check();
            case ACCEPT_SOURCE_SIZE -> asked.people() == null ? 2 : sourceSizes.runMode(asked.people(), asked.jobs(), by,
                    asked.json() ? System.out : null);
            case DEAD_LETTERS -> deadLetters.runMode(asked.argument(), asked.jobs(), asked.ids(), asked.json() ? System.out : null);
            case HELD -> held.runMode(asked.argument(), asked.jobs(), asked.ids(), asked.all(), by,
                    asked.json() ? System.out : null);
            case PLAN -> plans.planMode(asked.jobs().get(0), asked.argument(), asked.json() ? System.out : null);
            case APPLY -> plans.applyMode(asked.argument(), asked.json() ? System.out : null);
            case UNDO -> runner.undoOnce(asked.argument(), asked.dryRun(), asked.json() ? System.out : null);
            case RUN -> runner.runOnce(asked.jobs(), asked.dryRun(), asked.json() ? System.out : null);
            case IMPORT_UST -> io.roster.commands.UstFiles.importTo(asked.ustConfig(), asked.argument(), System.out,
                    System.err); // main() does this before Quarkus starts; here for completeness
        };
    }
}
