package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.roster.commands.HeldCommands;
import io.roster.commands.PlanCommands;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.sim.GraphSimulator;
import io.roster.sim.GraphSimulators;
import io.roster.source.ldap.TestDirectory;
import io.roster.source.sql.HrDatabase;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.state.HeldAction;
import io.roster.state.Plans;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Entra ID sample job (samples/entra) end to end: the sample HR table in a real PostgreSQL, mapped to Entra
 * attributes, matched to the Graph simulator's users by mail, userPrincipalName or proxyAddresses, and only what
 * differs written, 20 users to a $batch.
 */
@QuarkusTest
@TestProfile(SqlToEntraTest.EntraJob.class)
@QuarkusTestResource(value = GraphSimulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
public class SqlToEntraTest {

    static final String JOB = "hr-to-entra";
    static final Path ROUTES = Path.of("target/entra-routes").toAbsolutePath();
    static final Path JOB_FILE = JobFiles.JOBS.resolve(JOB + ".yaml");

    /** The sample route, as an admin copies it into routes/. */
    public static class EntraJob implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(ROUTES);
                Files.copy(Path.of("samples/entra/hr-to-entra.route.yaml"), ROUTES.resolve("hr-to-entra.yaml"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.createDirectories(JOB_FILE.getParent());
                Files.copy(Path.of("samples/entra/hr-to-entra.yaml"), JOB_FILE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // source batches of 2: the changes of several share one $batch request (the outbox)
            return Map.of("camel.main.routes-include-pattern", "file:routes/*.yaml,file:" + ROUTES + "/*.yaml",
                    "roster.batch-size", "2");
        }
    }

    GraphSimulator graph;

    TestDirectory directory;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ChangeJournal journal;

    @Inject
    HeldCommands heldCommands;

    @Inject
    PlanCommands planCommands;

    @Inject
    io.roster.state.RunHistory history;

    @BeforeEach
    void clean() throws IOException {
        graph.reset();
        StateTables.clear(state);
        HrDatabase.reset();
        Files.copy(Path.of("samples/entra/hr-to-entra.yaml"), JOB_FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // ada by mail (another case), grace by her sign-in name only, alan by a proxy address; katherine is synced
        // from on-premises AD; linus has no Entra user
        graph.addUser("ada@contoso.com", "Ada.Lovelace@example.com", false).properties.put("jobTitle",
                "Head of Engineering");
        graph.addUser("grace.hopper@example.com", null, false);
        graph.addUser("alan@contoso.com", "alan@contoso.com", false, "SMTP:alan@contoso.com",
                "smtp:alan.turing@example.com");
        graph.addUser("katherine@contoso.com", "katherine.johnson@example.com", true);
    }

    @AfterEach
    void restore() throws IOException {
        Files.copy(Path.of("samples/entra/hr-to-entra.yaml"), JOB_FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void writesOnlyWhatDiffersToTheUserEachPersonMatchesAndLettersTheRest() {
        RunReport first = runner.run(JOB, false);

        assertEquals(1, first.exitCode(), "two people could not be written: " + first.summary(Instant.now()));
        assertEquals(3, first.count(Count.UPDATED), first.entries().toString());
        Map<String, String> ada = graph.fields("ada@contoso.com");
        assertEquals("Head of Engineering", ada.get("jobTitle"));
        assertEquals("Engineering", ada.get("department"));
        assertEquals("London", ada.get("officeLocation"));
        assertEquals("+44 20 7946 0001", ada.get("businessPhones"));
        assertEquals("Example Ltd", ada.get("companyName"));
        assertEquals("ENG-100", ada.get("extensionAttribute1"));
        assertEquals("Principal Engineer", graph.fields("grace.hopper@example.com").get("jobTitle"), "by sign-in name");
        assertEquals("Research", graph.fields("alan@contoso.com").get("department"), "by proxy address");
        assertEquals(1, graph.calls("POST $batch"), "three users from two source batches, one request");
        assertEquals(1, graph.calls("GET users/delta"), "every user read once, by the delta query");
        Map<String, Object> adaAudit = journal.audit(first.id()).stream()
                .filter(a -> a.get("person").equals("ada.lovelace@example.com")).findFirst().orElseThrow();
        assertFalse(((Map<?, ?>) adaAudit.get("after")).containsKey("jobTitle"), "what already matched is not written");

        List<DeadLetter> letters = deadLetters.list(JOB);
        assertEquals(2, letters.size(), letters.toString());
        assertTrue(letters.stream().anyMatch(l -> l.reason().contains("katherine@contoso.com is synced from on-premises")),
                letters.toString());
        assertTrue(letters.stream().anyMatch(l -> l.reason().contains("no Entra ID user has linus.pending@example.com")),
                letters.toString());

        long requests = graph.requests();
        RunReport again = runner.run(JOB, false);
        assertEquals(0, again.count(Count.UPDATED));
        assertEquals(3, again.count(Count.UNCHANGED));
        assertEquals(requests + 1, graph.requests(), "nothing differs: one delta request (Roster's own writes), nothing"
                + " written");
        assertEquals(1, graph.tokensIssued(), "the token is kept between runs");

        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer', mobile = NULL WHERE employee_id IN (1001, 1002)");
        RunReport changed = runner.run(JOB, false);
        assertEquals(2, changed.count(Count.UPDATED), changed.entries().toString());
        assertEquals("Chief Engineer", graph.fields("grace.hopper@example.com").get("jobTitle"));
        // ada's mobile, emptied in the source: 1 clearing of 3 matched people is past roster.entra.max-clears (10%)
        assertEquals(0, changed.count(Count.VANISHED));
        assertEquals("+44 7700 900001", graph.fields("ada@contoso.com").get("mobilePhone"), "held, not cleared");
        assertEquals(List.of("clear"), heldCommands.list(List.of(JOB), List.of()).stream().map(HeldAction::action)
                .toList());

        heldCommands.decide(HeldAction.APPROVED, List.of(JOB), List.of(), true, "ann");
        RunReport cleared = runner.run(JOB, false);
        assertEquals(1, cleared.count(Count.VANISHED), cleared.entries().toString());
        assertNull(graph.fields("ada@contoso.com").get("mobilePhone"), "approved: cleared");
        assertTrue(journal.audit(cleared.id()).stream().anyMatch(a -> a.get("action").equals("clear")));
        assertTrue(heldCommands.list(List.of(JOB), List.of()).isEmpty());
    }

    /** A user's request throttled inside a $batch that itself answered 200 counts as the run being throttled. */
    @Test
    void aThrottledPartOfABatchIsRiddenOutAndCountedInTheRunsHistory() {
        graph.throttleInBatch(2);
        RunReport run = runner.run(JOB, false);
        assertEquals(3, run.count(Count.UPDATED), run.summary(Instant.now()));
        assertTrue(graph.throttledInBatches() > 0);
        assertEquals(graph.throttledInBatches(), history.get(run.id()).orElseThrow().targetThrottled(),
                "each throttled answer counted once, as the console charts it");
    }

    @Test
    void aChangeMadeInEntraIsLearnedFromTheDeltaAndAnExpiredLinkStartsOver() {
        runner.run(JOB, false);
        graph.set("ada@contoso.com", "department", "Marketing"); // someone edits ada in the Entra admin centre
        long reads = graph.calls("GET users/delta");

        RunReport run = runner.run(JOB, false);
        assertEquals(1, run.count(Count.UPDATED), run.entries().toString());
        assertEquals("Engineering", graph.fields("ada@contoso.com").get("department"), "the source's value again");
        assertEquals(reads + 1, graph.calls("GET users/delta"), "one request learned the change");

        graph.expireDeltaLinks(); // Graph keeps delta links 7 days
        RunReport again = runner.run(JOB, false);
        assertEquals(1, again.exitCode(), "it ran (only katherine and linus fail): " + again.summary(Instant.now()));
        assertEquals(0, again.count(Count.UPDATED), "read in full again, and nothing differs");
        assertEquals(reads + 3, graph.calls("GET users/delta"), "the refused link, then a full read");
    }

    /**
     * With entra.synced: directory, a user synced from on-premises AD is written to its entry there over LDAP (the
     * write-capable connection "corp-writer"), not through Graph, which would refuse it.
     */
    @Test
    void aSyncedUserIsWrittenToItsOnPremisesEntryOverLdap() throws Exception {
        directory.reset();
        String dn = directory.person("katherine", "Katherine", "Johnson", "katherine.johnson@example.com", "US");
        directory.modify(dn, "title", "Clerk");
        graph.user("katherine@contoso.com").properties.put("onPremisesDistinguishedName", dn);
        Files.writeString(JOB_FILE, Files.readString(JOB_FILE).replace("entra:\n", "entra:\n  synced: directory\n"
                + "  directory: corp-writer\n"));

        RunReport run = runner.run(JOB, false);

        assertEquals(4, run.count(Count.UPDATED), run.entries().toString());
        com.unboundid.ldap.sdk.Entry kat = directory.get(dn);
        assertEquals("Analyst", kat.getAttributeValue("title"));
        assertEquals("Finance", kat.getAttributeValue("department"));
        assertEquals("+1 212 555 0104", kat.getAttributeValue("mobile"));
        assertEquals("FIN-200", kat.getAttributeValue("extensionAttribute1"));
        assertEquals("Head Office", kat.getAttributeValue("physicalDeliveryOfficeName"));
        assertNull(graph.fields("katherine@contoso.com").get("jobTitle"), "not through Graph");
        assertTrue(deadLetters.list(JOB).stream().noneMatch(l -> l.reason().contains("katherine")),
                deadLetters.list(JOB).toString());

        // before Entra Connect's next cycle, Entra still shows the old values: a run waits, it does not write again
        directory.modify(dn, "title", "Changed by hand");
        RunReport again = runner.run(JOB, false);
        assertEquals(0, again.count(Count.UPDATED), again.entries().toString());
        assertEquals("Changed by hand", directory.get(dn).getAttributeValue("title"), "not written again");
        assertTrue(journal.audit(again.id()).isEmpty(), "nothing audited twice");
    }

    /**
     * With entra.synced: provisioning, a synced user goes to Entra's API-driven inbound provisioning as a whole SCIM
     * record, matched by its employeeId; the app writes it at its next cycle, and until then runs wait rather than send
     * it again. The app never creates a user on Roster's behalf.
     */
    @Test
    void aSyncedUserIsSentThroughInboundProvisioningAndWaitedForUntilEntraShowsIt() throws Exception {
        graph.provisioningApp("sp-7f3a", "API2AD.4c1e.2b90");
        // the admin added Roster's extension attributes to the app's attribute list and mapped them
        graph.mapProvisioned("urn:ietf:params:scim:schemas:extension:roster:1.0:User:officeLocation", "officeLocation");
        graph.mapProvisioned("urn:ietf:params:scim:schemas:extension:roster:1.0:User:extensionAttribute1",
                "extensionAttribute1");
        graph.user("katherine@contoso.com").properties.put("employeeId", "1004");
        graph.user("katherine@contoso.com").properties.put("jobTitle", "Clerk");
        Files.writeString(JOB_FILE, Files.readString(JOB_FILE).replace("entra:\n", "entra:\n  synced: provisioning\n"
                + "  provisioning:\n    service-principal: sp-7f3a\n    job: API2AD.4c1e.2b90\n"));

        RunReport run = runner.run(JOB, false);

        assertEquals(4, run.count(Count.UPDATED), run.entries().toString());
        assertEquals(1, graph.calls("POST bulkUpload"));
        assertEquals(1, graph.provisioningQueued(), "katherine's record, taken by the app");
        assertEquals("Clerk", graph.fields("katherine@contoso.com").get("jobTitle"), "the app writes later");
        assertTrue(deadLetters.list(JOB).stream().noneMatch(l -> l.reason().contains("katherine")),
                deadLetters.list(JOB).toString());

        RunReport before = runner.run(JOB, false);
        assertEquals(1, graph.calls("POST bulkUpload"), "sent minutes ago: waited for, not sent again");
        assertTrue(before.warnings().stream().anyMatch(w -> w.contains("1 Entra ID users wait for values")),
                before.warnings().toString());

        graph.provisioningCycle();
        Map<String, String> kat = graph.fields("katherine@contoso.com");
        assertEquals("Analyst", kat.get("jobTitle"));
        assertEquals("Finance", kat.get("department"));
        assertEquals("+1 212 555 0104", kat.get("mobilePhone"));
        assertEquals("Head Office", kat.get("officeLocation"));
        assertEquals("FIN-200", kat.get("extensionAttribute1"));
        assertEquals("1004", kat.get("employeeId"), "the key the app found her by is kept");
        assertEquals(0, graph.provisioningCreated(), "no record made the app create a user");

        RunReport after = runner.run(JOB, false);
        assertEquals(0, after.count(Count.UPDATED), after.entries().toString());
        assertEquals(1, graph.calls("POST bulkUpload"));
        assertTrue(after.warnings().stream().noneMatch(w -> w.contains("wait for values")), after.warnings().toString());
    }

    /**
     * A provisioning user whose source changes one attribute and empties another in one run gets two records: the
     * clearing's record, sent once the source is read, carries the first one's change rather than putting it back.
     * Undoing the run sends what she held before. Emptied values clear only where the app flows null values.
     */
    @Test
    void aProvisionedUsersClearingKeepsTheSameRunsChangesAndAnUndoPutsHerBack() throws Exception {
        graph.provisioningApp("sp-7f3a", "API2AD.4c1e.2b90");
        graph.flowNullValues("mobilePhone");
        graph.flowNullValues("companyName"); // the undo empties it again
        GraphSimulator.User kat = graph.user("katherine@contoso.com");
        kat.properties.put("employeeId", "1004");
        kat.properties.put("jobTitle", "Clerk");
        kat.properties.put("department", "Finance");
        kat.properties.put("mobilePhone", "+1 212 555 0104");
        Files.writeString(JOB_FILE, Files.readString(JOB_FILE).replace("entra:\n", "holds:\n  clear: 5\n\nentra:\n"
                + "  synced: provisioning\n  provisioning:\n    service-principal: sp-7f3a\n    job: API2AD.4c1e.2b90\n"));
        HrDatabase.exec("UPDATE staff SET mobile = NULL WHERE employee_id = 1004");
        Map<String, String> before = graph.fields("katherine@contoso.com");

        RunReport run = runner.run(JOB, false);
        assertEquals(1, run.count(Count.VANISHED), run.entries().toString());
        assertEquals(2, graph.provisioningQueued(), "her changes, then her clearing");
        graph.provisioningCycle();

        Map<String, String> after = graph.fields("katherine@contoso.com");
        assertEquals("Analyst", after.get("jobTitle"), "the clearing's record carries the change made before it");
        assertNull(after.get("mobilePhone"), "cleared: the app flows null values for it");
        assertEquals(0, graph.provisioningCreated());

        RunReport undo = runner.undo(run.id(), false, "test");
        assertEquals(0, undo.exitCode(), undo.summary(Instant.now()) + undo.warnings());
        graph.provisioningCycle();
        Map<String, String> back = graph.fields("katherine@contoso.com");
        back.remove("officeLocation"); // the app maps no SCIM attribute to it here: never written
        back.remove("extensionAttribute1");
        assertEquals(before, back, "what she held before the run");
    }

    /** A synced user the provisioning app could not find by its employeeId is not sent: the app would create a user. */
    @Test
    void aSyncedUserWithoutTheProvisioningKeyIsLetteredNotSent() throws Exception {
        graph.provisioningApp("sp-7f3a", "API2AD.4c1e.2b90");
        Files.writeString(JOB_FILE, Files.readString(JOB_FILE).replace("entra:\n", "entra:\n  synced: provisioning\n"
                + "  provisioning:\n    service-principal: sp-7f3a\n    job: API2AD.4c1e.2b90\n"));

        RunReport run = runner.run(JOB, false);

        assertEquals(3, run.count(Count.UPDATED), run.entries().toString());
        assertEquals(0, graph.calls("POST bulkUpload"));
        assertTrue(deadLetters.list(JOB).stream().anyMatch(l -> l.reason().contains("has no employeeId in Entra ID")
                && l.reason().contains("create a new user")), deadLetters.list(JOB).toString());
    }

    /**
     * A run killed between a $batch and its journal entry left a pending note: the next run finds the change in Entra,
     * audits it (so undo can put it back), and does not send it again.
     */
    @Test
    void aChangeAKilledRunSentIsAuditedByTheNextRun() {
        runner.run(JOB, false);
        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer' WHERE employee_id = 1002");
        journal.sendingAll(JOB, "killed-run", List.of(new io.roster.state.Change("entra", "grace.hopper@example.com",
                "update", null, Map.of("jobTitle", "Principal Engineer"), Map.of("jobTitle", "Chief Engineer"))));
        graph.set("grace.hopper@example.com", "jobTitle", "Chief Engineer"); // it landed; the journal never heard
        long batches = graph.calls("POST $batch");

        RunReport run = runner.run(JOB, false);

        assertEquals(0, run.count(Count.UPDATED), run.entries().toString());
        assertEquals(batches, graph.calls("POST $batch"), "not sent again");
        assertTrue(run.warnings().stream().anyMatch(w -> w.contains("1 had landed and are audited")),
                run.warnings().toString());
        Map<String, Object> audited = journal.audit(run.id()).stream()
                .filter(a -> a.get("person").equals("grace.hopper@example.com")).findFirst().orElseThrow();
        assertEquals("Chief Engineer", ((Map<?, ?>) audited.get("after")).get("jobTitle"));
        assertTrue(journal.unconfirmed(JOB, "another").isEmpty(), "the note is settled");
    }

    @Test
    void aDirectoryTheJobNamesButNobodyConfiguredStopsTheRunAtStart() throws IOException {
        Files.writeString(JOB_FILE, Files.readString(JOB_FILE).replace("entra:\n", "entra:\n  synced: directory\n"
                + "  directory: corp-missing\n"));
        RunReport run = runner.run(JOB, false);
        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("directory 'corp-missing' is not configured"), run.error());
        assertEquals(0, graph.requests());
    }

    /** A rotated client secret fails the run saying what to check; the secret, echoed by the refusal, is shown nowhere. */
    @Test
    void aRefusedSecretFailsTheRunAndIsShownNowhereEvenWhenTheRefusalEchoesIt() {
        graph.rotateSecret("the-new-secret-2c81");
        RunReport run = runner.run(JOB, false);

        assertEquals(2, run.exitCode(), run.summary(Instant.now()));
        assertTrue(run.error().contains("invalid_client") && run.error().contains("roster.entra"), run.error());
        String everything = run.error() + run.entries() + run.warnings() + deadLetters.list(JOB)
                + state.query("audit", "SELECT before_value || after_value FROM roster_audit", rs -> rs.getString(1))
                + state.query("runs", "SELECT error FROM roster_run", rs -> String.valueOf(rs.getString(1)));
        assertFalse(everything.contains(GraphSimulators.SECRET), everything);
        assertEquals(0, graph.calls("POST $batch"), "nothing was written");
    }

    /** An Entra job's plan lists each user's attributes before → after and why; applied, only what still stands. */
    @Test
    void aPlanIsKeptWithReasonsAndApplyingItWritesOnlyWhatIsStillAsPlanned() {
        Plans.Plan plan = planCommands.plan(JOB, "test").plan().orElseThrow();
        assertEquals(0, graph.calls("POST $batch"), "planning writes nothing");
        assertEquals(3, plan.changes().size(), plan.changes().toString());
        Plans.Planned grace = planCommands.get(plan.id(), "grace.hopper@example.com").orElseThrow().changes().get(0);
        assertEquals("update", grace.action());
        assertEquals("Principal Engineer", grace.after().get("jobTitle"));
        assertTrue(grace.why().startsWith("source: row ") && grace.why().contains("matched grace.hopper@example.com"),
                grace.why());

        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer' WHERE employee_id = 1002");
        RunReport applied = planCommands.apply(plan.id(), "test");

        assertEquals(2, applied.count(Count.UPDATED), applied.entries().toString());
        assertEquals("Engineering", graph.fields("ada@contoso.com").get("department"));
        assertNull(graph.fields("grace.hopper@example.com").get("jobTitle"), "changed since the plan: left out");
        assertTrue(applied.entries().stream().anyMatch(e -> e.email().equals("grace.hopper@example.com")
                && e.detail().contains("left out")), applied.entries().toString());
    }

    /** Undoing a run writes back what each user it changed held before: the simulator's users exactly as they were. */
    @Test
    void undoingARunPutsBackWhatEachUserHeldBefore() {
        List<String> upns = List.of("ada@contoso.com", "grace.hopper@example.com", "alan@contoso.com");
        Map<String, Map<String, String>> before = new java.util.LinkedHashMap<>();
        upns.forEach(u -> before.put(u, graph.fields(u)));
        RunReport run = runner.run(JOB, false);
        assertEquals(3, run.count(Count.UPDATED));

        RunReport dry = runner.undo(run.id(), true, "test");
        assertEquals(3, dry.count(Count.UPDATED), dry.entries().toString());
        assertEquals("Engineering", graph.fields("ada@contoso.com").get("department"), "a dry run writes nothing");

        RunReport undo = runner.undo(run.id(), false, "test");
        assertEquals(0, undo.exitCode(), undo.summary(Instant.now()));
        Map<String, Map<String, String>> after = new java.util.LinkedHashMap<>();
        upns.forEach(u -> after.put(u, graph.fields(u)));
        assertEquals(before, after, "every attribute as it was before the run");
        assertEquals(3, journal.audit(undo.id()).size(), "the undo has its own audit");
    }

    @Test
    void anAttributeRosterDoesNotWriteStopsTheRunBeforeAnythingIsRead() throws IOException {
        Files.writeString(JOB_FILE, Files.readString(JOB_FILE).replace("  jobTitle:", "  jobtitle:"));
        RunReport run = runner.run(JOB, false);
        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("'jobtitle' is not an Entra ID user attribute") && run.error()
                .contains("did you mean jobTitle?"), run.error());
        assertEquals(0, graph.requests(), "nothing was read or written");
    }

    @Test
    void twoUsersWithOnePersonsAddressAreBothLeftAloneAndADryRunWritesNothing() {
        graph.addUser("ada.other@contoso.com", "ada.other@contoso.com", false, "smtp:ada.lovelace@example.com");
        RunReport dry = runner.run(JOB, true);
        assertEquals(0, graph.calls("POST $batch"), "a dry run writes nothing");
        assertEquals(2, dry.count(Count.UPDATED), dry.entries().toString());

        RunReport run = runner.run(JOB, false);
        assertTrue(deadLetters.list(JOB).stream().anyMatch(l -> l.reason().contains("2 Entra ID users match"
                + " ada.lovelace@example.com")), deadLetters.list(JOB).toString());
        assertNull(graph.fields("ada@contoso.com").get("department"), "neither is written");
        assertNull(graph.fields("ada.other@contoso.com").get("department"));
        assertEquals(2, run.count(Count.UPDATED));
    }
}
