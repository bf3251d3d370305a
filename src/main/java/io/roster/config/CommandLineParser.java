package io.roster.config;

import io.roster.config.Invocation.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Roster's command line: {@code roster run [JOB…] [--dry-run] [--json]}, {@code check}, {@code discover SOURCE},
 * {@code dead-letters list|retry|discard}, {@code held list|approve|reject}, {@code plan}, {@code apply}, {@code undo}, {@code accept-source-size}, {@code encrypt}, {@code serve}, with
 * {@code --help} and {@code --version} on each. Built with picocli's programmatic API (no reflection, so the native
 * image needs no configuration for it). An unknown command or option is a one-line error naming the nearest known one,
 * and nothing runs.
 */
public final class CommandLineParser {

    private final String version;

    public CommandLineParser(String version) {
        this.version = version;
    }

    public Invocation parse(String... args) {
        CommandLine line = new CommandLine(spec());
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return Invocation.print("roster: " + e.getMessage() + suggestions(e) + " (see roster "
                    + (e.getCommandLine().getCommandName().equals("roster") ? "" : e.getCommandLine().getCommandName() + " ")
                    + "--help)", 2);
        }
        if (parsed.isUsageHelpRequested()) {
            return Invocation.print(line.getUsageMessage(), 0);
        }
        if (parsed.isVersionHelpRequested()) {
            return Invocation.print("roster " + version, 0);
        }
        ParseResult sub = parsed.subcommand();
        if (sub == null) {
            return Invocation.print(line.getUsageMessage(), 0);
        }
        CommandLine subLine = sub.commandSpec().commandLine();
        if (sub.isUsageHelpRequested()) {
            return Invocation.print(subLine.getUsageMessage(), 0);
        }
        if (sub.isVersionHelpRequested()) {
            return Invocation.print("roster " + version, 0);
        }
        boolean dryRun = sub.matchedOptionValue("--dry-run", false);
        boolean json = sub.matchedOptionValue("--json", false);
        String ust = sub.hasMatchedOption("--ust-config") ? sub.matchedOptionValue("--ust-config", (String) null) : null;
        return switch (sub.commandSpec().name()) {
            case "run" -> Invocation.of(Command.RUN, jobs(sub), dryRun, json).withUstConfig(ust);
            case "serve" -> Invocation.of(Command.SERVE, List.of(), false, false).withUstConfig(ust);
            case "check" -> Invocation.of(Command.CHECK, jobs(sub), false, json).withUstConfig(ust);
            case "import-ust" -> new Invocation(Command.IMPORT_UST, List.of(), false, false,
                    sub.matchedOptionValue("--out", "roster-from-ust"), List.of(), null, null, null, 0, false,
                    sub.matchedPositionalValue(0, ""));
            case "encrypt" -> Invocation.of(Command.ENCRYPT, List.of(), false, json);
            case "discover" -> new Invocation(Command.DISCOVER, List.of(), false, true, sub.matchedPositionalValue(0, ""),
                    List.of(), null, null, null, 0);
            case "dead-letters" -> {
                List<String> words = sub.matchedPositionalValue(0, List.<String>of());
                String action = words.isEmpty() ? "" : words.get(0);
                if (!List.of("list", "retry", "discard").contains(action)) {
                    yield Invocation.print("roster: dead-letters needs list, retry or discard"
                            + (action.isEmpty() ? "" : ", not '" + action + "'") + " (see roster dead-letters --help)", 2);
                }
                yield new Invocation(Command.DEAD_LETTERS, words.subList(1, words.size()), false, json, action,
                        sub.matchedOptionValue("--id", List.<Long>of()), null, null, null, 0).withUstConfig(ust);
            }
            case "plan" -> new Invocation(Command.PLAN, List.of(sub.matchedPositionalValue(0, "")), true, json,
                    sub.matchedOptionValue("--person", (String) null), List.of(), null, null, null, 0).withUstConfig(ust);
            case "apply" -> new Invocation(Command.APPLY, List.of(), false, json, sub.matchedPositionalValue(0, ""),
                    List.of(), null, null, null, 0).withUstConfig(ust);
            case "undo" -> new Invocation(Command.UNDO, List.of(), dryRun, json, sub.matchedPositionalValue(0, ""),
                    List.of(), null, null, null, 0).withUstConfig(ust);
            case "held" -> {
                List<String> words = sub.matchedPositionalValue(0, List.<String>of());
                String action = words.isEmpty() ? "" : words.get(0);
                if (!List.of("list", "approve", "reject").contains(action)) {
                    yield Invocation.print("roster: held needs list, approve or reject"
                            + (action.isEmpty() ? "" : ", not '" + action + "'") + " (see roster held --help)", 2);
                }
                boolean all = sub.matchedOptionValue("--all", false);
                yield new Invocation(Command.HELD, words.subList(1, words.size()), false, json, action,
                        sub.matchedOptionValue("--id", List.<Long>of()), null, sub.matchedOptionValue("--by", (String) null),
                        null, 0, all).withUstConfig(ust);
            }
            case "accept-source-size" -> new Invocation(Command.ACCEPT_SOURCE_SIZE, jobs(sub), false, json, null, List.of(),
                    sub.matchedOptionValue("--people", (Integer) null), sub.matchedOptionValue("--by", (String) null), null, 0)
                    .withUstConfig(ust);
            default -> throw new IllegalStateException("no handler for the command " + sub.commandSpec().name());
        };
    }

    private static List<String> jobs(ParseResult sub) {
        return sub.matchedPositionalValue(0, List.<String>of());
    }

    private CommandSpec spec() {
        CommandSpec root = command("roster", "Keeps SaaS tools' users in step with your HR data, LDAP or CSV exports.",
                "With no command, the roster.* settings decide (roster.once=true runs once; otherwise it serves).");
        root.addSubcommand("run", jobsCommand("run", "Runs the jobs once, then exits: 0 all synced, 1 some records failed"
                + " or a safety limit held changes back, 2 a job could not run.")
                .addOption(flag("--dry-run", "Read and plan; write nothing; print the plan."))
                .addOption(flag("--json", "Print each run's report as JSON on standard output."))
                .addOption(ustConfig()));
        root.addSubcommand("serve", command("serve", "Runs as a service: each job on its schedule, the HTTP API, health.")
                .addOption(ustConfig()));
        root.addSubcommand("import-ust", command("import-ust", "Writes the Roster job file and settings that stand for"
                + " the User Sync Tool's sign-sync configuration (and the connector files it names), says what was not"
                + " carried over and which secrets to set, then exits: 0, or 2 when UST's files cannot be taken.")
                .addPositional(PositionalParamSpec.builder().paramLabel("SIGN_SYNC_CONFIG").arity("1").required(true)
                        .type(String.class).description("UST's sign-sync-config.yml").build())
                .addOption(OptionSpec.builder("--out").paramLabel("DIR").type(String.class)
                        .description("where to write jobs/<job>.yaml and roster.properties (default roster-from-ust)")
                        .build()));
        root.addSubcommand("check", jobsCommand("check", "Checks each job's SQL source (connect, query, columns, masked"
                + " sample rows), then exits 0 if all are OK, else 2.")
                .addOption(flag("--json", "Each result is JSON on standard output (always so; logs go to standard error)."))
                .addOption(ustConfig()));
        root.addSubcommand("discover", command("discover", "Lists the tables and columns of a SQL source as JSON.")
                .addPositional(PositionalParamSpec.builder().paramLabel("SOURCE").arity("1").required(true).type(String.class)
                        .description("the source's name (roster.sources.<name>)").build())
                .addOption(flag("--json", "The tables are JSON on standard output (always so).")));
        root.addSubcommand("dead-letters", command("dead-letters", "Lists, retries or discards the open dead letters of"
                + " the jobs (all when none is named).")
                .addPositional(PositionalParamSpec.builder().paramLabel("list|retry|discard [JOB...]").arity("1..*").required(true)
                        .type(List.class).auxiliaryTypes(String.class).build())
                .addOption(OptionSpec.builder("--id").paramLabel("ID").type(List.class).auxiliaryTypes(Long.class)
                        .arity("1").description("only this letter (repeatable)").build())
                .addOption(flag("--json", "Print the letters as JSON on standard output."))
                .addOption(ustConfig()));
        root.addSubcommand("plan", command("plan", "Plans a job without writing anything and keeps the plan: every change"
                + " with before → after and why (the source record, the rules that matched, what the target held).")
                .addPositional(PositionalParamSpec.builder().paramLabel("JOB").arity("1").required(true).type(String.class)
                        .description("the job (route id)").build())
                .addOption(OptionSpec.builder("--person").paramLabel("EMAIL").type(String.class)
                        .description("show only this person's changes: why is ana@… moving?").build())
                .addOption(flag("--json", "Print the plan as JSON on standard output."))
                .addOption(ustConfig()));
        root.addSubcommand("apply", command("apply", "Applies a stored plan, and only it: each change that is still exactly"
                + " what the plan said; one whose person changed since is left out and reported (roster.plans.on-stale)."
                + " Exits as a run does.")
                .addPositional(PositionalParamSpec.builder().paramLabel("PLAN_ID").arity("1").required(true).type(String.class)
                        .description("the plan (roster plan prints its id)").build())
                .addOption(flag("--json", "Print the run's report as JSON on standard output."))
                .addOption(ustConfig()));
        root.addSubcommand("undo", command("undo", "Undoes a run: a new run of its job puts back, from the audit log's"
                + " before-values, what that run changed (in Sign: groups, roles, states, names; in Signature 365: fields);"
                + " what cannot be put back is listed. Exits as a run does.")
                .addPositional(PositionalParamSpec.builder().paramLabel("RUN_ID").arity("1").required(true).type(String.class)
                        .description("the run to undo (GET /roster/runs)").build())
                .addOption(flag("--dry-run", "Plan the undo and print it; write nothing."))
                .addOption(flag("--json", "Print the undo run's report as JSON on standard output."))
                .addOption(ustConfig()));
        root.addSubcommand("held", command("held", "Lists, approves or rejects the changes runs held back for a decision"
                + " (a job file's holds:); an approved change goes with the job's next run.")
                .addPositional(PositionalParamSpec.builder().paramLabel("list|approve|reject [JOB...]").arity("1..*")
                        .required(true).type(List.class).auxiliaryTypes(String.class).build())
                .addOption(OptionSpec.builder("--id").paramLabel("ID").type(List.class).auxiliaryTypes(Long.class)
                        .arity("1").description("only this held change (repeatable)").build())
                .addOption(flag("--all", "Approve or reject every held change of the jobs (all jobs when none is named)."))
                .addOption(OptionSpec.builder("--by").paramLabel("WHO").type(String.class)
                        .description("who decides, for the record").build())
                .addOption(flag("--json", "Print the held changes, or what was decided, as JSON on standard output."))
                .addOption(ustConfig()));
        root.addSubcommand("accept-source-size", jobsCommand("accept-source-size", "Accepts a smaller source as the"
                + " jobs' new size after removals were withheld for a drop, then exits.")
                .addOption(OptionSpec.builder("--people").paramLabel("N").type(Integer.class).required(true)
                        .description("the size to accept").build())
                .addOption(OptionSpec.builder("--by").paramLabel("WHO").type(String.class)
                        .description("who accepts it, for the record").build())
                .addOption(flag("--json", "Print what was accepted, and the size it replaced, as JSON on standard output."))
                .addOption(ustConfig()));
        root.addSubcommand("encrypt", command("encrypt", "Reads a secret from standard input and prints it encrypted"
                + " for configuration.")
                .addOption(flag("--json", "Print the encrypted value (and a new key, if one was made) as JSON.")));
        return root;
    }

    private CommandSpec command(String name, String... description) {
        CommandSpec spec = CommandSpec.create().name(name).mixinStandardHelpOptions(true).version("roster " + version);
        spec.usageMessage().description(description);
        return spec;
    }

    private CommandSpec jobsCommand(String name, String description) {
        return command(name, description).addPositional(PositionalParamSpec.builder().paramLabel("JOB").arity("0..*")
                .type(List.class).auxiliaryTypes(String.class).description("the jobs (route ids); none: all").build());
    }

    private static OptionSpec ustConfig() {
        return OptionSpec.builder("--ust-config").paramLabel("FILE").type(String.class).description("Run from the User"
                + " Sync Tool's sign-sync-config.yml (and the files it names) instead of a job file: see roster"
                + " import-ust.").build();
    }

    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).arity("0").description(description).build();
    }

    private static String suggestions(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u)) {
            return "";
        }
        List<String> near = new ArrayList<>(u.getSuggestions());
        if (near.isEmpty() && !u.getUnmatched().isEmpty()) {
            // picocli suggests by prefix; a transposed or mistyped command is found by edit distance
            String typed = u.getUnmatched().get(0);
            u.getCommandLine().getSubcommands().keySet().stream()
                    .filter(c -> UnknownSettings.distance(typed, c) <= 2)
                    .min(Comparator.comparingInt(c -> UnknownSettings.distance(typed, c)))
                    .ifPresent(near::add);
        }
        if (near.isEmpty()) {
            return "";
        }
        StringWriter text = new StringWriter();
        new PrintWriter(text).printf("; did you mean %s?", String.join(" or ", near.subList(0, Math.min(3, near.size()))))
                .flush();
        return text.toString();
    }
}
