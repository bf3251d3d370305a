package io.roster.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.e2e.JobFiles;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console on the CSV → Adobe Acrobat Sign job, in a real headless Chromium: an admin previews what a run would do
 * (a plan, each change with its reason) and applies it, then approves one held deactivation and rejects another.
 */
@QuarkusTest
@QuarkusTestResource(SignSimulators.class)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class ConsoleSignBrowserTest {

    static final String JOB = "csv-to-sign";

    static ConsoleBrowser browser;

    @TestHTTPResource("/")
    URL base;

    @SignSimulators.Primary
    SignSimulator sign;

    @Inject
    StateStore state;

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @BeforeEach
    void clean() throws Exception {
        if (browser == null) {
            browser = ConsoleBrowser.start(base);
        }
        sign.reset();
        StateTables.clear(state);
        browser.signOut();
    }

    @Test
    void anAdminPreviewsAPlanAppliesItAndApprovesOneHeldDeactivationAndRejectsAnother() throws Exception {
        sign.addUser("gone1@example.com", "Gone", "One", "Sales", false, false, "ACTIVE");
        sign.addUser("gone2@example.com", "Gone", "Two", "Sales", false, false, "ACTIVE");
        JobFiles.job(JobFiles.rules("deactivate", "100%") + "holds:\n  deactivate: 0\n");
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\nBob,Baker,bob@example.com,US,Engineering\n");
        browser.signIn(ConsoleTest.ADMIN);

        // the preview: a plan, made in the background, each change with its reason; nothing is written yet
        browser.pressForJob(JOB, "Plan");
        assertTrue(browser.taskEnded().startsWith("done: planned"), browser.page());
        browser.toTaskResult();
        browser.shot("plan");
        WebElement ann = browser.row("ann@example.com");
        assertTrue(ann.getText().contains("create") && ann.getText().contains("source: row"), ann.getText());
        assertTrue(browser.row("gone1@example.com").getText().contains("waits for an admin"),
                "a deactivation past holds.deactivate is planned as held");
        assertNull(sign.user("ann@example.com"), "a plan writes nothing");

        browser.click(By.xpath("//button[text()='Apply this plan']"));
        assertTrue(browser.taskEnded().startsWith("done"), browser.page());
        assertNotNull(sign.user("ann@example.com"), "applied as planned");
        assertEquals("ACTIVE", sign.user("gone1@example.com").status, "held: not applied");

        // the two held deactivations: one approved, one rejected
        browser.open("console/held");
        browser.row("gone1@example.com").findElement(By.name("id")).click();
        browser.click(By.xpath("//button[text()='Approve chosen']"));
        assertEquals("Approved: 1", browser.note("approved="));
        browser.row("gone2@example.com").findElement(By.name("id")).click();
        browser.click(By.xpath("//button[text()='Reject chosen']"));
        assertEquals("Rejected: 1", browser.note("rejected="));

        browser.pressForJob(JOB, "Run now");
        assertTrue(browser.taskEnded().startsWith("done"), browser.page());
        assertEquals("INACTIVE", sign.user("gone1@example.com").status, "approved: applied by the next run");
        assertEquals("ACTIVE", sign.user("gone2@example.com").status, "rejected: never applied");

        browser.open("console/people/gone1%40example.com");
        assertTrue(browser.page().contains("deactivate"), "the person's page says what Roster did to them");
    }
}
