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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The admin console as an admin uses it, in a real headless Chromium: the Entra ID sample job run from the jobs page,
 * a dead letter retried once its cause is fixed, a held clearing approved, the runs in the history's charts. The
 * README's screenshots (docs/console) are taken here. Where Chromium or its driver is missing, the test skips and says so.
 */
@QuarkusTest
@TestProfile(SqlToEntraTest.EntraJob.class)
@QuarkusTestResource(value = GraphSimulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Where screenshots go: target/ by default; -Dconsole.screenshots=docs/console refreshes the README's. */
    static final Path SHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots"));
    static final String JOB = "hr-to-entra";

    static WebDriver browser;

    @TestHTTPResource("/")
    URL base;

    GraphSimulator graph;

    @Inject
    StateStore state;

    @Inject
    DeadLetters deadLetters;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "no headless browser here: "
                + CHROMIUM + " and " + DRIVER + " are installed by .ci/services (Debian's chromium, chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("roster-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void clean() {
        graph.reset();
        StateTables.clear(state);
        HrDatabase.reset();
        graph.addUser("ada@contoso.com", "Ada.Lovelace@example.com", false);
        graph.addUser("grace.hopper@example.com", null, false);
        graph.addUser("alan@contoso.com", "alan@contoso.com", false, "SMTP:alan@contoso.com",
                "smtp:alan.turing@example.com");
        graph.addUser("katherine@contoso.com", "katherine.johnson@example.com", true);
        open("console/sign-in"); // a console page, so its cookies are the ones deleted
        browser.manage().deleteAllCookies();
    }

    @Test
    void anAdminRunsAJobRetriesAFixedDeadLetterApprovesAHeldClearingAndSeesTheRunsCharted() throws Exception {
        signIn(ConsoleTest.ADMIN);
        open("console/jobs");
        shot("jobs");
        runNow();
        int first = waitForRuns(1);
        assertEquals(1, first);

        // linus has no Entra user: a dead letter; an admin creates his user, then retries it
        open("console/dead-letters");
        shot("dead-letters");
        WebElement linus = row("linus.pending@example.com");
        assertTrue(linus.getText().contains("no Entra ID user"), linus.getText());
        graph.addUser("linus@contoso.com", "linus.pending@example.com", false);
        linus.findElement(By.name("id")).click();
        browser.findElement(By.xpath("//button[text()='Retry chosen']")).click();
        assertTrue(note().contains("1 resolved"), browser.getPageSource());
        assertEquals("Engineering", graph.fields("linus@contoso.com").get("department"));

        // ada's mobile emptied in the source: one clearing of four, past roster.entra.max-clears; held
        HrDatabase.exec("UPDATE staff SET mobile = NULL WHERE employee_id = 1001");
        open("console/jobs");
        runNow();
        int runs = waitForRuns(first + 2); // the retry's run, and this one
        open("console/held");
        shot("held");
        WebElement clearing = row("ada.lovelace@example.com");
        assertTrue(clearing.getText().contains("mobilePhone"), clearing.getText());
        clearing.findElement(By.name("id")).click();
        browser.findElement(By.xpath("//button[text()='Approve chosen']")).click();
        assertTrue(note().contains("approved: 1"), browser.getPageSource());

        open("console/jobs");
        runNow();
        waitForRuns(runs + 1);
        assertNull(graph.fields("ada@contoso.com").get("mobilePhone"), "approved, then cleared by the next run");

        open("console/runs?job=" + JOB);
        shot("runs");
        List<WebElement> bars = browser.findElements(By.cssSelector("figure.chart:nth-of-type(3) rect"));
        assertEquals(runs + 1, bars.size(), "the Updated chart has a bar for each run");
        List<WebElement> removed = browser.findElements(By.cssSelector("figure.chart:nth-of-type(4) rect"));
        assertTrue(Double.parseDouble(removed.get(removed.size() - 1).getAttribute("height")) > 0,
                "the last run's clearing is in the Removed chart");
        browser.findElements(By.cssSelector("table a[href*='console/runs/']")).get(browser.findElements(
                By.cssSelector("table a[href*='console/runs/']")).size() - 1).click();
        shot("run");
        assertTrue(browser.getPageSource().contains("Head of Engineering") || browser.getPageSource()
                .contains("jobTitle"), "the first run's audit, before → after");
    }

    @Test
    void markupInARecordIsTextInTheBrowser() {
        io.roster.report.RunReport run = new io.roster.report.RunReport(JOB, "run-x", false, "test");
        deadLetters.put(run, new io.roster.state.Letter("entra", "eve@example.com",
                "<img src=x onerror=alert(1)><script>alert(2)</script>", "=HYPERLINK(\"http://evil.example\")",
                java.util.Map.of()));
        signIn(ConsoleTest.ADMIN);
        open("console/dead-letters");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        assertTrue(row("eve@example.com").getText().contains("<script>alert(2)</script>"), "shown as text");
        assertEquals(DeadLetter.OPEN, deadLetters.list(JOB).get(0).status());
    }

    private void signIn(String token) {
        open("console/jobs");
        assertTrue(browser.getCurrentUrl().endsWith("/console/sign-in"), browser.getCurrentUrl());
        browser.findElement(By.name("token")).sendKeys(token);
        browser.findElement(By.xpath("//button[text()='Sign in']")).click();
        // the click returns before the browser has followed the sign-in's redirect: wait for it
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(
                org.openqa.selenium.support.ui.ExpectedConditions.urlMatches(".*/console/jobs$"));
    }

    private void open(String path) {
        browser.get(base.toString() + path);
    }

    private void runNow() {
        browser.findElement(By.xpath("//tr[td/a[text()='" + JOB + "']]//button[text()='Run now']")).click();
    }

    /** Reloads the job's run history until it lists at least {@code n} runs, all ended (a run started there ends later). */
    private int waitForRuns(int n) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            open("console/runs?job=" + JOB);
            int listed = browser.findElements(By.cssSelector("table a[href*='console/runs/']")).size();
            boolean ended = !browser.getPageSource().contains("<td>running");
            if (listed >= n && ended || Instant.now().isAfter(until)) {
                assertTrue(listed >= n, "runs listed: " + listed + ", wanted " + n);
                return listed;
            }
            Thread.sleep(200);
        }
    }

    /** The note the page shows after an action, once the browser has followed the action's redirect. */
    private String note() {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(
                org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(By.className("note")))
                .getText();
    }

    private WebElement row(String text) {
        return browser.findElement(By.xpath("//tr[td[contains(., '" + text + "')]]"));
    }

    private void shot(String name) throws IOException {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SHOTS);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
