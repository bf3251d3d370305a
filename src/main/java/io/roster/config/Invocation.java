package io.roster.config;

import java.util.List;

/**
 * What this process was asked to do, from its command line ({@code roster run hr --dry-run}) or, with no arguments, from
 * the {@code roster.*} settings that containers set ({@code -Droster.once=true}, {@code ROSTER_ONCE=true}).
 *
 * @param command  what to do
 * @param jobs     the jobs it concerns; empty: all
 * @param dryRun   plan only, write nothing
 * @param json     print the result as JSON on standard output (logs stay on standard error)
 * @param argument the command's own argument: the SQL source to discover, the dead-letter action, or null
 * @param ids      dead letters to act on; empty: all of the jobs'
 * @param people   the source size to accept
 * @param by       who accepts it
 * @param text     what to print before exiting (help, version, or a one-line error), for {@link Command#PRINT}
 * @param exitCode the exit code of a {@link Command#PRINT}
 * @param all      held: every held change of the jobs
 * @param ustConfig the User Sync Tool's sign-sync-config.yml to run from ({@code --ust-config}), or null; for
 *                 {@link Command#IMPORT_UST} the one to import, and {@link #argument()} the folder to write into
 */
public record Invocation(Command command, List<String> jobs, boolean dryRun, boolean json, String argument,
                         List<Long> ids, Integer people, String by, String text, int exitCode, boolean all,
                         String ustConfig) {

    public Invocation(Command command, List<String> jobs, boolean dryRun, boolean json, String argument, List<Long> ids,
                      Integer people, String by, String text, int exitCode) {
        this(command, jobs, dryRun, json, argument, ids, people, by, text, exitCode, false, null);
    }

    public Invocation(Command command, List<String> jobs, boolean dryRun, boolean json, String argument, List<Long> ids,
                      Integer people, String by, String text, int exitCode, boolean all) {
        this(command, jobs, dryRun, json, argument, ids, people, by, text, exitCode, all, null);
    }

    /** The same, run from the User Sync Tool's files. */
    public Invocation withUstConfig(String file) {
        return new Invocation(command, jobs, dryRun, json, argument, ids, people, by, text, exitCode, all, file);
    }

    /** The things Roster can be asked to do. */
    public enum Command {
        /** Run as a service: jobs on their schedules, the HTTP API, health. */
        SERVE,
        /** Run the jobs once and exit 0, 1 or 2. */
        RUN,
        CHECK,
        DISCOVER,
        DEAD_LETTERS,
        /** Plan a job and keep the plan ({@link #jobs()}: the one job; {@link #argument()}: a person to show). */
        PLAN,
        /** Apply a stored plan ({@link #argument()}: its id). */
        APPLY,
        /** Undo a run ({@link #argument()}: its id): put back in Sign what it changed. */
        UNDO,
        /** List, approve or reject the changes runs held back ({@link #argument()}: list, approve, reject). */
        HELD,
        ENCRYPT,
        ACCEPT_SOURCE_SIZE,
        /** Write the job file and settings that stand for the User Sync Tool's files, then exit. */
        IMPORT_UST,
        /** Print {@link #text()} (help, version, an error) and exit, running nothing. */
        PRINT
    }

    /** Whether it runs once and exits (no schedules, no health checks), as opposed to serving. */
    public boolean once() {
        return command != Command.SERVE;
    }

    public static Invocation print(String text, int exitCode) {
        return new Invocation(Command.PRINT, List.of(), false, false, null, List.of(), null, null, text, exitCode);
    }

    public static Invocation of(Command command, List<String> jobs, boolean dryRun, boolean json) {
        return new Invocation(command, List.copyOf(jobs), dryRun, json, null, List.of(), null, null, null, 0);
    }
}
