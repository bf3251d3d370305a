package io.roster.console;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, installed by .ci/services) driven through the
 * console as an admin would: sign in, open a page, press a row's button, follow a task to its end, take a screenshot.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Where screenshots go: target/ by default; -Dconsole.screenshots=docs/console refreshes the README's. */
    static final Path SHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots"));

    final WebDriver driver;
    private final URL base;

    private ConsoleBrowser(WebDriver driver, URL base) {
        this.driver = driver;
        this.base = base;
    }

    /** A browser on the console at {@code base}; the test skips, saying why, where no browser is installed. */
    static ConsoleBrowser start(URL base) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "no headless browser here: "
                + CHROMIUM + " and " + DRIVER + " are installed by .ci/services (Debian's chromium, chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("roster-chromium"));
        return new ConsoleBrowser(new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(
                DRIVER.toFile()).usingAnyFreePort().build(), options), base);
    }

    /** Signed out: a console page is open, so its cookies are the ones deleted. */
    void signOut() {
        open("console/sign-in");
        driver.manage().deleteAllCookies();
    }

    void signIn(String token) {
        open("console/jobs");
        assertTrue(driver.getCurrentUrl().endsWith("/console/sign-in"), driver.getCurrentUrl());
        driver.findElement(By.name("token")).sendKeys(token);
        driver.findElement(By.xpath("//button[text()='Sign in']")).click();
        // the click returns before the browser has followed the sign-in's redirect: wait for it
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches(".*/console/jobs$"));
    }

    void open(String path) {
        driver.get(base.toString() + path);
    }

    String page() {
        return driver.getPageSource();
    }

    /** The table row that holds this text. */
    WebElement row(String text) {
        return driver.findElement(By.xpath("//tr[td[contains(., '" + text + "')]]"));
    }

    /** Presses a job's button on the jobs page ("Run now", "Dry run now", "Plan"). */
    void pressForJob(String job, String button) {
        open("console/jobs");
        click(By.xpath("//tr[td/a[text()='" + job + "']]//button[text()='" + button + "']"));
    }

    void click(By what) {
        driver.findElement(what).click();
    }

    /**
     * After a button that started a task: waits on the task's page (it reloads itself) until the task ends, and
     * returns its status line ("done: …", "failed: …").
     */
    String taskEnded() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofMillis(200));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // the page reloads itself meanwhile
        wait.until(ExpectedConditions.urlMatches(".*/console/tasks/\\d+$"));
        return wait.until(d -> {
            String status;
            try {
                status = d.findElement(By.id("task-status")).getText();
            } catch (org.openqa.selenium.WebDriverException e) {
                if (!String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    throw e;
                }
                return null; // Chromium's own words for an element a reload took away between finding and reading it
            }
            // an ended task's page no longer reloads: what is read now stays
            return status.startsWith("done") || status.startsWith("failed") ? status : null;
        });
    }

    /** On an ended task's page: follows its link to what it made (the run, the plan). */
    void toTaskResult() {
        click(By.id("task-result"));
    }

    /**
     * The note the page shows after an action, once the browser has followed the action's redirect to an address
     * with {@code urlPart} (so a note from the action before is not read instead).
     */
    String note(String urlPart) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.urlContains(urlPart));
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.className("note"))).getText();
    }

    void shot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SHOTS);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
