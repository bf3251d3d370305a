package io.roster.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.roster.e2e.SqlToEntraTest;
import io.roster.sim.GraphSimulator;
import io.roster.sim.GraphSimulators;
import io.roster.source.sql.HrDatabase;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console as an admin uses it, in a real headless Chromium, on the Entra ID sample job: the job run from the
 * jobs page, two dead letters retried at once once their causes are fixed (one in the source, one in Entra), a held
 * clearing approved, the runs in the history's charts. The README's screenshots (docs/console) are taken here and in
 * {@link ConsoleSignBrowserTest}. Where Chromium or its driver is missing, the test skips and says so.
 */
@QuarkusTest
@TestProfile(SqlToEntraTest.EntraJob.class)
@QuarkusTestResource(value = GraphSimulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class ConsoleBrowserTest {

    static final String JOB = "hr-to-entra";

    static ConsoleBrowser browser;

    @TestHTTPResource("/")
    URL base;

    GraphSimulator graph;

    @Inject
    StateStore state;

    @Inject
    DeadLetters deadLetters;

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
        graph.reset();
        StateTables.clear(state);
        HrDatabase.reset();
        graph.addUser("ada@contoso.com", "Ada.Lovelace@example.com", false);
        graph.addUser("grace.hopper@example.com", null, false);
        graph.addUser("alan@contoso.com", "alan@contoso.com", false, "SMTP:alan@contoso.com",
                "smtp:alan.turing@example.com");
        graph.addUser("katherine@contoso.com", "katherine.johnson@example.com", true);
        browser.signOut();
    }

    @Test
    void anAdminRunsAJobRetriesFixedDeadLettersApprovesAHeldClearingAndSeesTheRunsCharted() throws Exception {
        // grace's title carries a control character: refused before Entra, a dead letter with the reason
        HrDatabase.exec("UPDATE staff SET job_title = 'Principal' || chr(7) || 'Engineer' WHERE employee_id = 1002");
        browser.signIn(ConsoleTest.ADMIN);
        browser.open("console/jobs");
        browser.shot("jobs");
        browser.pressForJob(JOB, "Run now");
        assertTrue(browser.taskEnded().startsWith("done"), browser.page());
        browser.shot("task");
        browser.toTaskResult();
        assertTrue(browser.page().contains("Run "), "the run's own page");

        // two dead letters: grace (the source's fault) and linus (no Entra user); both fixed, then retried at once
        browser.open("console/dead-letters");
        browser.shot("dead-letters");
        WebElement grace = browser.row("grace.hopper@example.com");
        assertTrue(grace.getText().contains("control character"), grace.getText());
        WebElement linus = browser.row("linus.pending@example.com");
        assertTrue(linus.getText().contains("no Entra ID user"), linus.getText());
        HrDatabase.exec("UPDATE staff SET job_title = 'Principal Engineer' WHERE employee_id = 1002");
        graph.addUser("linus@contoso.com", "linus.pending@example.com", false);
        grace.findElement(By.name("id")).click();
        linus.findElement(By.name("id")).click();
        browser.click(By.xpath("//button[text()='Retry chosen']"));
        assertEquals("done: 2 resolved, 0 still open", browser.taskEnded(), browser.page());
        assertEquals("Principal Engineer", graph.fields("grace.hopper@example.com").get("jobTitle"));
        assertEquals("Engineering", graph.fields("linus@contoso.com").get("department"));

        // ada's mobile emptied in the source: one clearing of four, past roster.entra.max-clears; held
        HrDatabase.exec("UPDATE staff SET mobile = NULL WHERE employee_id = 1001");
        browser.pressForJob(JOB, "Run now");
        assertTrue(browser.taskEnded().startsWith("done"), browser.page());
        browser.open("console/held");
        browser.shot("held");
        WebElement clearing = browser.row("ada.lovelace@example.com");
        assertTrue(clearing.getText().contains("mobilePhone"), clearing.getText());
        clearing.findElement(By.name("id")).click();
        browser.click(By.xpath("//button[text()='Approve chosen']"));
        assertEquals("Approved: 1", browser.note("approved="));

        browser.pressForJob(JOB, "Run now");
        assertTrue(browser.taskEnded().startsWith("done"), browser.page());
        assertNull(graph.fields("ada@contoso.com").get("mobilePhone"), "approved, then cleared by the next run");

        browser.open("console/runs?job=" + JOB);
        browser.shot("runs");
        int runs = browser.driver.findElements(By.cssSelector("table a[href*='console/runs/']")).size();
        assertEquals(4, runs, "the first run, the retry's, the held clearing's and the last");
        List<WebElement> bars = browser.driver.findElements(By.cssSelector("figure.chart:nth-of-type(3) rect"));
        assertEquals(runs, bars.size(), "the Updated chart has a bar for each run");
        List<WebElement> removed = browser.driver.findElements(By.cssSelector("figure.chart:nth-of-type(4) rect"));
        assertTrue(Double.parseDouble(removed.get(removed.size() - 1).getAttribute("height")) > 0,
                "the last run's clearing is in the Removed chart");
        List<WebElement> links = browser.driver.findElements(By.cssSelector("table a[href*='console/runs/']"));
        links.get(links.size() - 1).click();
        browser.shot("run");
        assertTrue(browser.page().contains("jobTitle"), "the first run's audit, before → after");
    }

    @Test
    void markupInARecordIsTextInTheBrowser() {
        io.roster.report.RunReport run = new io.roster.report.RunReport(JOB, "run-x", false, "test");
        deadLetters.put(run, new io.roster.state.Letter("entra", "eve@example.com",
                "<img src=x onerror=alert(1)><script>alert(2)</script>", "=HYPERLINK(\"http://evil.example\")",
                java.util.Map.of()));
        browser.signIn(ConsoleTest.ADMIN);
        browser.open("console/dead-letters");
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
        assertTrue(browser.row("eve@example.com").getText().contains("<script>alert(2)</script>"), "shown as text");
        assertEquals(DeadLetter.OPEN, deadLetters.list(JOB).get(0).status());
    }
}
