package io.roster.config;

import io.roster.config.Invocation.Command;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineParserTest {

    private final CommandLineParser parser = new CommandLineParser("1.2.3");

    @Test
    void runTakesJobsAndFlags() {
        Invocation i = parser.parse("run", "hr-to-signature365", "csv-to-sign", "--dry-run", "--json");
        assertEquals(Command.RUN, i.command());
        assertEquals(List.of("hr-to-signature365", "csv-to-sign"), i.jobs());
        assertTrue(i.dryRun() && i.json() && i.once());
        Invocation live = parser.parse("run");
        assertFalse(live.dryRun());
        assertEquals(List.of(), live.jobs());
    }

    @Test
    void everyCommandIsUnderstood() {
        assertEquals(Command.SERVE, parser.parse("serve").command());
        assertFalse(parser.parse("serve").once());
        assertEquals(Command.CHECK, parser.parse("check", "hr").command());
        Invocation discover = parser.parse("discover", "hr");
        assertEquals(Command.DISCOVER, discover.command());
        assertEquals("hr", discover.argument());
        Invocation retry = parser.parse("dead-letters", "retry", "csv-to-sign", "--id", "7", "--id", "9");
        assertEquals(Command.DEAD_LETTERS, retry.command());
        assertEquals("retry", retry.argument());
        assertEquals(List.of("csv-to-sign"), retry.jobs());
        assertEquals(List.of(7L, 9L), retry.ids());
        Invocation accept = parser.parse("accept-source-size", "csv-to-sign", "--people", "900", "--by", "alice");
        assertEquals(Command.ACCEPT_SOURCE_SIZE, accept.command());
        assertEquals(900, accept.people());
        assertEquals("alice", accept.by());
        assertEquals(Command.ENCRYPT, parser.parse("encrypt").command());
    }

    @Test
    void everyCommandThatPrintsAResultTakesJson() {
        for (List<String> args : List.of(List.of("run", "--json"), List.of("check", "--json"),
                List.of("discover", "hr", "--json"), List.of("dead-letters", "list", "--json"),
                List.of("held", "list", "--json"), List.of("plan", "csv-to-sign", "--json"), List.of("apply", "p1", "--json"),
                List.of("undo", "r1", "--json"), List.of("accept-source-size", "csv-to-sign", "--people", "5", "--json"),
                List.of("encrypt", "--json"))) {
            Invocation i = parser.parse(args.toArray(String[]::new));
            assertNotEquals(Command.PRINT, i.command(), args + ": " + i.text());
            assertTrue(i.json(), args.toString());
        }
    }

    @Test
    void helpAndVersionPrintAndRunNothing() {
        Invocation help = parser.parse("--help");
        assertEquals(Command.PRINT, help.command());
        assertEquals(0, help.exitCode());
        assertTrue(help.text().contains("Usage: roster") && help.text().contains("run") && help.text().contains("dead-letters"),
                help.text());
        Invocation runHelp = parser.parse("run", "--help");
        assertEquals(Command.PRINT, runHelp.command());
        assertTrue(runHelp.text().contains("--dry-run"), runHelp.text());
        assertEquals("roster 1.2.3", parser.parse("--version").text());
        assertEquals("roster 1.2.3", parser.parse("run", "-V").text());
    }

    @Test
    void aMistypedCommandOrOptionIsAOneLineErrorWithTheNearest() {
        Invocation option = parser.parse("run", "--dryrun");
        assertEquals(Command.PRINT, option.command());
        assertEquals(2, option.exitCode());
        assertFalse(option.text().contains("\n"), option.text());
        assertTrue(option.text().contains("'--dryrun'") && option.text().contains("did you mean --dry-run"), option.text());

        Invocation command = parser.parse("rnu");
        assertEquals(2, command.exitCode());
        assertTrue(command.text().contains("'rnu'") && command.text().contains("did you mean run"), command.text());

        Invocation action = parser.parse("dead-letters", "purge");
        assertEquals(2, action.exitCode());
        assertTrue(action.text().contains("list, retry or discard, not 'purge'"), action.text());

        assertEquals(2, parser.parse("accept-source-size", "csv-to-sign").exitCode(), "--people is required");
        assertEquals(2, parser.parse("discover").exitCode(), "a source is required");
    }

    @Test
    void heldChangesAreListedApprovedOrRejectedByIdOrAll() {
        Invocation approve = parser.parse("held", "approve", "csv-to-sign", "--id", "3", "--id", "4", "--by", "ann", "--json");
        assertEquals(Invocation.Command.HELD, approve.command());
        assertEquals("approve", approve.argument());
        assertEquals(List.of("csv-to-sign"), approve.jobs());
        assertEquals(List.of(3L, 4L), approve.ids());
        assertEquals("ann", approve.by());
        assertTrue(approve.json());
        assertFalse(approve.all());
        assertTrue(parser.parse("held", "reject", "--all").all());
        Invocation wrong = parser.parse("held", "aprove");
        assertEquals(Invocation.Command.PRINT, wrong.command());
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.text().contains("held needs list, approve or reject, not 'aprove'"), wrong.text());
    }

    @Test
    void undoNamesTheRunAndMayBeADryRun() {
        Invocation undo = parser.parse("undo", "20261201T120000Z-1a2b", "--dry-run", "--json");
        assertEquals(Invocation.Command.UNDO, undo.command());
        assertEquals("20261201T120000Z-1a2b", undo.argument());
        assertTrue(undo.dryRun() && undo.json());
        Invocation none = parser.parse("undo");
        assertEquals(Invocation.Command.PRINT, none.command());
        assertEquals(2, none.exitCode());
    }
}
