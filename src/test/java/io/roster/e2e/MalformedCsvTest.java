package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-edited export with every kind of bad record in it, through the real csv-to-sign route into the Sign simulator:
 * each bad record is rejected on its own, named by line and field in the dead-letter store; the good ones around it
 * sync; nothing unclean reaches Sign; and because a rejected record may be someone still there, the run removes no one.
 */
@QuarkusTest
@QuarkusTestResource(SignSimulators.class)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class MalformedCsvTest {

    @SignSimulators.Primary
    SignSimulator sign;

    @SignSimulators.Org2
    SignSimulator org2;

    @Inject
    JobRunner runner;

    @Inject
    DeadLetters deadLetters;

    @Inject
    StateStore state;

    @BeforeEach
    void clean() {
        sign.reset();
        org2.reset();
        StateTables.clear(state);
    }

    @Test
    void everyBadRecordIsRejectedWithItsLineAndFieldAndTheGoodOnesSync() throws IOException {
        JobFiles.job(JobFiles.rules("deactivate", "100%"));
        // someone whose address is mistyped in this export: still employed, and still a group admin in Sign
        sign.addUser("erin@example.com", "Erin", "Admin", "Sales", true, false, "ACTIVE");
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes(("firstname,lastname,email,country,groups\n"
                + "Ann,Able,ann@example.com,US,Sales\n"                              // line 2: good
                + "Zed,Zero,zed\u200B@example.com,US,Sales\n"                        // 3: zero-width space in the address
                + "Nb,Space,nb\u00A0sp@example.com,US,Sales\n"                       // 4: no-break space
                + "Nul,Byte\u0000,nul@example.com,US,Sales\n"                        // 5: NUL in a name
                + "Rtl,\u202Eevil,rtl@example.com,US,Sales\n"                        // 6: right-to-left override
                + "Tab,Name\t,tab@example.com,US,Sales\n"                            // 7: a trailing tab is not trimmed away
                + "Long," + "x".repeat(100_000) + ",long@example.com,US,Sales\n"     // 8: 100,000 characters
                + "Wide,Row,wide@example.com,US,Sales,extra\n"                       // 9: one field too many
                + "Short,Row,short@example.com\n"                                    // 10: two fields too few
                + "Erin,Admin,erin@example,US,Sales\n"                               // 11: mistyped address
                ).getBytes(StandardCharsets.UTF_8));
        csv.writeBytes("J\u00fcrgen,Bad,juergen@example.com,US,Sales\n".getBytes(StandardCharsets.ISO_8859_1)); // 12
        csv.writeBytes("Bob,Baker,bob@example.com,US,Sales\n".getBytes(StandardCharsets.UTF_8));               // 13: good
        Files.write(JobFiles.CSV.resolve("people.csv"), csv.toByteArray());

        RunReport run = runner.run("csv-to-sign", false);

        assertEquals(1, run.exitCode(), run.summary(Instant.now()));
        assertEquals(2, run.count(Count.CREATED), "the two good records");
        assertNotNull(sign.user("ann@example.com"));
        assertNotNull(sign.user("bob@example.com"));
        assertEquals(3, sign.users().size(), "no one unclean reached Sign: Ann, Bob and Erin");
        assertEquals("ACTIVE", sign.user("erin@example.com").status, "no one is removed in a run with rejected records");
        assertTrue(sign.groupAdmin("erin@example.com"), "nor demoted");
        assertEquals(0, sign.calls("PUT users/{id}/state"));
        assertTrue(run.warnings().stream().anyMatch(w -> w.contains("10 source records were rejected")), run.warnings().toString());

        List<DeadLetter> letters = deadLetters.list("csv-to-sign");
        String all = letters.stream().map(l -> l.record() + " | " + l.reason()).collect(Collectors.joining("\n"));
        assertEquals(10, letters.size(), all);
        assertLetter(letters, "(line 3)", "field 'email'", "U+200B");
        assertLetter(letters, "(line 4)", "field 'email'", "U+00A0");
        assertLetter(letters, "(line 5)", "field 'lastName'", "U+0000");
        assertLetter(letters, "(line 6)", "field 'lastName'", "U+202E");
        assertLetter(letters, "(line 7)", "field 'lastName'", "a tab");
        assertLetter(letters, "(line 8)", "field 'lastName'", "100000 characters long");
        assertLetter(letters, "(line 9)", "field '(record)'", "has 6 fields where the header has 5");
        assertLetter(letters, "(line 10)", "field '(record)'", "has 3 fields where the header has 5");
        assertLetter(letters, "(line 11)", "field 'email'", "has no dot in its domain");
        assertLetter(letters, "(line 12)", "field 'firstname'", "not valid UTF-8 at byte offset");

        DeadLetter longOne = letters.stream().filter(l -> l.record().contains("(line 8)")).findFirst().orElseThrow();
        String kept = longOne.data().get("lastname");
        assertTrue(kept.length() < 2_000 && kept.endsWith("… [cut: 100000 characters]"), "the value is kept cut, with its length");

        // the same file again: the same letters, updated, not a second set
        assertEquals(1, runner.run("csv-to-sign", false).exitCode());
        assertEquals(10, deadLetters.list("csv-to-sign").size(), "one open dead letter per bad record");

        // the export corrected: every letter is resolved, those keyed by a row as well as those keyed by an address
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Sales\n"
                + "Erin,Admin,erin@example.com,US,Sales\n");
        assertEquals(0, runner.run("csv-to-sign", false).exitCode());
        assertEquals(0, deadLetters.list("csv-to-sign", DeadLetter.OPEN).size(), deadLetters.list("csv-to-sign", DeadLetter.OPEN).toString());
    }

    @Test
    void anUnclosedQuoteRejectsItsRecordKeepsThoseBeforeItAndRemovesNoOne() throws IOException {
        JobFiles.job(JobFiles.rules("deactivate", "100%"));
        sign.addUser("old@example.com", "Old", "Timer", "Sales", false, false, "ACTIVE");
        JobFiles.rawCsv("firstname,lastname,email,country,groups\n"
                + "Ann,Able,ann@example.com,US,Sales\n"
                + "Bob,\"Baker,bob@example.com,US,Sales\n"
                + "Cy,Cole,cy@example.com,US,Sales\n");

        RunReport run = runner.run("csv-to-sign", false);

        assertEquals(1, run.exitCode(), run.summary(Instant.now()));
        assertNotNull(sign.user("ann@example.com"), "the record before the quote syncs");
        assertNull(sign.user("cy@example.com"), "the records after it were never read");
        assertEquals("ACTIVE", sign.user("old@example.com").status, "an incomplete read removes no one");
        DeadLetter quote = deadLetters.list("csv-to-sign").get(0);
        assertTrue(quote.record().contains("(line 3)") && quote.reason().contains("a quote opens in the record that starts"
                + " on line 3 and is never closed"), quote.record() + " " + quote.reason());
    }

    @Test
    void removalsGoAheadDespiteRejectionsOnlyWhenTheAdminSaysSo() throws IOException {
        // roster.safety.removals-despite-rejections is a start-up setting: here the guard's decision is checked through
        // its reason, and RemovalGuardTest checks the setting's other side
        JobFiles.job(JobFiles.rules("deactivate", "100%"));
        sign.addUser("left@example.com", "Left", "Us", "Sales", false, false, "ACTIVE");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBad,Mail,bad@@example.com,US,Sales\n");

        RunReport withheld = runner.run("csv-to-sign", false);
        assertEquals("ACTIVE", sign.user("left@example.com").status);
        assertTrue(withheld.removalsWithheld().orElseThrow().contains("roster.safety.removals-despite-rejections=true"));

        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        RunReport clean = runner.run("csv-to-sign", false);
        assertEquals(0, clean.exitCode(), clean.summary(Instant.now()));
        assertEquals("INACTIVE", sign.user("left@example.com").status, "once the export is clean, the leaver is removed");
        assertFalse(clean.removalsWithheld().isPresent());
    }

    @Test
    void valuesThatLookLikeExpressionsAreSentLiterally() {
        JobFiles.job(JobFiles.rules("exclude", "100"));
        JobFiles.csv("\"${sys:user.home}\",\"{{roster.sign.orgs.primary.integration-key}}\",ann@example.com,US,Sales\n"
                + "\"#{1+1}\",\"=HYPERLINK(\"\"http://x\"\")\",bob@example.com,US,Sales\n"
                + "\"{lastname}\",\"$simple{body}\",cy@example.com,US,Sales\n");

        RunReport run = runner.run("csv-to-sign", false);

        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals("${sys:user.home}", sign.user("ann@example.com").firstName);
        assertEquals("{{roster.sign.orgs.primary.integration-key}}", sign.user("ann@example.com").lastName);
        assertEquals("#{1+1}", sign.user("bob@example.com").firstName);
        assertEquals("=HYPERLINK(\"http://x\")", sign.user("bob@example.com").lastName);
        assertEquals("{lastname}", sign.user("cy@example.com").firstName, "a value is never a format of its own");
        assertEquals("$simple{body}", sign.user("cy@example.com").lastName);
    }

    @Test
    void spacesAroundValuesAreTrimmedAndTheRunSaysHowMany() {
        JobFiles.job(JobFiles.rules("exclude", "100"));
        JobFiles.csv("  Ann ,Able,ann@example.com ,US,Sales\nBob,Baker,bob@example.com,US,Sales\n");

        RunReport run = runner.run("csv-to-sign", false);

        assertEquals(0, run.exitCode(), run.summary(Instant.now()));
        assertEquals("Ann", sign.user("ann@example.com").firstName);
        assertTrue(run.warnings().contains("source values cleaned up (roster.clean-up.*): email: spaces trimmed 1;"
                + " firstname: spaces trimmed 1"), run.warnings().toString());
    }

    private static void assertLetter(List<DeadLetter> letters, String line, String field, String reason) {
        assertTrue(letters.stream().anyMatch(l -> l.record().contains(line) && l.reason().contains(field)
                        && l.reason().contains(reason)),
                line + " " + field + " " + reason + " in:\n" + letters.stream().map(l -> l.record() + " | "
                        + (l.reason().length() > 300 ? l.reason().substring(0, 300) : l.reason())).collect(Collectors.joining("\n")));
    }
}
