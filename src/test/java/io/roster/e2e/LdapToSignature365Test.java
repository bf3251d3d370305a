package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.commands.SourceSizeCommands;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.Signature365Simulator;
import io.roster.sim.Signature365Simulators;
import io.roster.source.ldap.TestDirectories;
import io.roster.source.ldap.TestDirectory;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped ldap-to-signature365 route and job: people streamed page by page from a real LDAP server (UnboundID's
 * in-memory directory on loopback, at most 5 entries per answer, read in pages of 3) into a simulated Signature 365.
 */
@QuarkusTest
@QuarkusTestResource(value = Signature365Simulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestDirectories.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class LdapToSignature365Test {

    static final String JOB = "ldap-to-signature365";
    static final Path JOB_FILE = JobFiles.JOBS.resolve(JOB + ".yaml");
    /** Active people in {@link #people()}: 4 named and 8 generated, more than the server answers in one search. */
    static final int ACTIVE = 12;

    Signature365Simulator s365;

    @TestDirectories.Directory
    TestDirectory directory;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    @Inject
    SourceSizeCommands sourceSizes;

    @BeforeEach
    void people() throws Exception {
        s365.reset();
        StateTables.clear(state);
        state.update("clear watermarks", "DELETE FROM roster_source_watermark");
        directory.reset();
        String ada = directory.person("ada", "Ada", "Lovelace", "ada@example.com", "GB");
        directory.modify(ada, "title", "Chief Analyst");
        directory.modify(ada, "telephoneNumber", "+44 20 7946 0001");
        directory.person("linus", "Linus", "Pending", "linus@example.com", "DE");
        directory.person("grace", "Grace", "Hopper", "grace@example.com", "US");
        directory.person("alan", "Alan", "Turing", "alan@example.com", "GB");
        String margaret = directory.person("margaret", "Margaret", "Hamilton", "margaret@example.com", "US");
        directory.modify(margaret, "employeeType", "disabled");
        for (int i = 0; i < 8; i++) {
            directory.person("p" + i, "P", "Number" + i, "p" + i + "@example.com", "US");
        }
        job(false, "report");
    }

    @AfterEach
    void leaveTheShippedJob() throws IOException {
        Files.writeString(JOB_FILE, shipped());
    }

    static String shipped() throws IOException {
        return Files.readString(Path.of("config/jobs/" + JOB + ".yaml"));
    }

    /** The shipped job, reading directory "test", its people being AD-style entries (objectClass user). */
    static void job(boolean incremental, String vanished) throws IOException {
        String yaml = shipped()
                .replace("directory: corp", "directory: test")
                .replaceAll("(?m)^  user_filter: .*$",
                        "  user_filter: (&(objectClass=user)(objectCategory=person)(!(employeeType=disabled)))")
                .replace("enabled: false", "enabled: " + incremental)
                .replace("vanished: report", "vanished: " + vanished);
        Files.createDirectories(JobFiles.JOBS);
        Files.writeString(JOB_FILE, yaml);
    }

    private RunReport run() {
        return runner.run(JOB, false);
    }

    @Test
    void streamsEveryPageIntoSignature365AndSendsOnlyWhatChanged() throws Exception {
        RunReport first = run();
        assertEquals(0, first.exitCode(), first.summary(Instant.now()));
        assertEquals(ACTIVE, s365.userCount(), "everyone the filter selects, over more pages than one answer holds");
        assertNull(s365.user("margaret@example.com"), "the filter leaves out a disabled account");
        assertEquals("Ada Lovelace", s365.user("ada@example.com").get("DisplayName"));
        assertEquals("Chief Analyst", s365.user("ada@example.com").get("JobTitle"));
        assertEquals("+44 20 7946 0001", s365.user("ada@example.com").get("Phone"));
        assertEquals("Example GmbH", s365.user("linus@example.com").get("Company"), "conditional on the country");
        assertTrue(directory.peoplePages() >= 4, "read page by page: " + directory.peoplePages());

        long requests = s365.requests();
        RunReport again = run();
        assertEquals(ACTIVE, again.count(Count.UNCHANGED));
        assertEquals(requests, s365.requests(), "nothing changed: no request");

        directory.modify("uid=linus," + TestDirectory.PEOPLE, "sn", "Torvalds");
        RunReport changed = run();
        assertEquals(1, changed.count(Count.UPDATED));
        assertEquals("Torvalds", s365.user("linus@example.com").get("LastName"));
        assertEquals(2, s365.writes("linus@example.com"));
        assertEquals(1, s365.writes("ada@example.com"), "the others are not sent again");
    }

    @Test
    void aDirectoryThatDropsMidReadClearsNobody() throws Exception {
        job(false, "clear");
        assertEquals(0, run().exitCode());
        long requests = s365.requests();

        directory.dropOnPage(2);
        RunReport dropped = run();
        assertEquals(2, dropped.exitCode(), dropped.summary(Instant.now()));
        assertTrue(dropped.error().contains("page 2"), dropped.error());
        assertEquals(0, dropped.count(Count.VANISHED));
        assertEquals(requests, s365.requests(), "nothing sent after a failed read");
        assertEquals("Chief Analyst", s365.user("ada@example.com").get("JobTitle"));
    }

    @Test
    void aLeaverIsClearedByTheFullReadNotByAnIncrementalOne() throws Exception {
        job(true, "clear");
        assertEquals(0, run().exitCode());

        directory.delete("uid=ada," + TestDirectory.PEOPLE);
        RunReport incremental = run();
        assertEquals(0, incremental.exitCode(), incremental.summary(Instant.now()));
        assertNotNull(incremental.changesOnly());
        assertEquals(0, incremental.count(Count.VANISHED), "an incremental read shows nobody who left");
        assertEquals("Chief Analyst", s365.user("ada@example.com").get("JobTitle"));

        state.update("make the full read due", "UPDATE roster_source_watermark SET full_read_at = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(2))));
        RunReport full = run();
        assertNull(full.changesOnly());
        assertEquals(1, full.count(Count.VANISHED));
        assertEquals("", s365.user("ada@example.com").get("JobTitle"), "the full read sees who left: fields emptied");
    }

    /**
     * The directory comes back short and stays short (or returns nobody, then a few): with vanished: clear, no run empties
     * anyone's signature fields until an admin accepts the new size; then exactly the people missing are cleared.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shrunken", "empty then small"})
    void aShortDirectoryClearsNobodyRunAfterRunUntilAnAdminAcceptsItsSize(String sequence) throws Exception {
        job(false, "clear");
        assertEquals(0, run().exitCode());
        long requests = s365.requests();

        for (int i = 0; i < 8; i++) {
            directory.delete("uid=p" + i + "," + TestDirectory.PEOPLE);
        }
        int kept = 4;
        List<RunReport> shortRuns = new ArrayList<>();
        if (sequence.equals("empty then small")) {
            for (String uid : List.of("ada", "linus", "grace", "alan")) {
                directory.delete("uid=" + uid + "," + TestDirectory.PEOPLE);
            }
            shortRuns.add(run());
            directory.person("grace", "Grace", "Hopper", "grace@example.com", "US");
            directory.person("alan", "Alan", "Turing", "alan@example.com", "GB");
            kept = 2;
        }
        shortRuns.add(run());
        shortRuns.add(run());
        for (RunReport r : shortRuns) {
            assertEquals(1, r.exitCode(), r.summary(Instant.now()) + " " + r.warnings());
            assertEquals(0, r.count(Count.VANISHED));
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("people missing from the source are left as they"
                    + " are")), r.warnings().toString());
        }
        assertEquals(requests, s365.requests(), "nobody's fields were sent empty");
        assertEquals("Number7", s365.user("p7@example.com").get("LastName"));

        assertEquals(0, sourceSizes.runMode(kept, List.of(JOB), "erin", null));
        RunReport accepted = run();
        assertEquals(0, accepted.exitCode(), accepted.warnings().toString());
        assertEquals(ACTIVE - kept, accepted.count(Count.VANISHED), "exactly the people missing from the accepted size");
        assertEquals("", s365.user("p7@example.com").get("LastName"), "cleared once the size was accepted");
        assertEquals("Turing", s365.user("alan@example.com").get("LastName"), "who is still there is left alone");
    }
}
