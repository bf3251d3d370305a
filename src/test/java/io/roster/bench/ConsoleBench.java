package io.roster.bench;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The console's first screen of a large run: Roster as a service (the packaged jar, PostgreSQL as its state store)
 * holding a run that changed N people, its run page asked for over HTTP (and, where Chromium is installed, loaded in a
 * headless browser) — the first page, the last page, one person — against the floor: the same page's rows read
 * straight from PostgreSQL. The target is a first screen in under a second.
 */
final class ConsoleBench {

    static final String TOKEN = "bench-console-token-0123456789abcdef";
    static final String RUN = "bench-console-run";
    static final int TIMES = 7;

    private ConsoleBench() {
    }

    /** Figures for one size, each the median of {@link #TIMES} asks after one to warm. */
    record Figures(int n, long firstPageMs, long lastPageMs, long personMs, long historyMs, long browserMs,
                   long sqlFloorMs, int rowsOnFirstPage) {
    }

    static Figures run(Path dir, String stateJdbc, int n) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = ChildJvm.java(dir, "console-" + n, RosterBenchmark.HEAP);
        cmd.addAll(List.of("-Droster.once=false", "-Dquarkus.http.port=" + port,
                "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.main.routes-include-pattern=file:routes/shared.yaml", // no job runs while it is measured
                "-Droster.api.token=" + TOKEN,
                "-Dquarkus.datasource.embedded.active=false", "-Dquarkus.datasource.postgresql.active=true",
                "-Dquarkus.datasource.postgresql.jdbc.url=" + stateJdbc,
                "-Dquarkus.datasource.postgresql.username=postgres", "-Dquarkus.datasource.postgresql.password=postgres",
                "-jar", System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar")));
        Process roster = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(dir.resolve("console-" + n + ".log").toString())).start();
        try {
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://127.0.0.1:" + port;
            waitUp(http, base, roster);
            seed(stateJdbc, n);
            String cookie = http.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(),
                    HttpResponse.BodyHandlers.discarding()).headers().firstValue("Set-Cookie").orElseThrow()
                    .split(";")[0];
            String first = get(http, base + "/console/runs/" + RUN, cookie);
            int rows = first.split("console/people/").length - 1;
            long firstMs = median(http, base + "/console/runs/" + RUN, cookie);
            long lastMs = median(http, base + "/console/runs/" + RUN + "?page=" + ((n + 99) / 100), cookie);
            long personMs = median(http, base + "/console/runs/" + RUN + "?person=" + BenchPeople.email(n / 2), cookie);
            long historyMs = median(http, base + "/console/runs?job=bench", cookie);
            return new Figures(n, firstMs, lastMs, personMs, historyMs, browser(base, cookie), sqlFloor(stateJdbc),
                    rows);
        } finally {
            roster.destroy();
            roster.waitFor();
        }
    }

    private static void waitUp(HttpClient http, String base, Process roster) throws Exception {
        long until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until) {
            if (!roster.isAlive()) {
                throw new IllegalStateException("Roster ended before it served its console; see its log in target/bench");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Roster did not serve within 2 minutes");
    }

    /** A finished run of job "bench" that updated n people, journaled as Roster journals (one audit row each). */
    private static void seed(String jdbc, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres"); Statement st = c.createStatement()) {
            st.execute("DELETE FROM roster_audit WHERE run_id = '" + RUN + "'");
            st.execute("DELETE FROM roster_run WHERE run_id = '" + RUN + "'");
            st.execute("INSERT INTO roster_run (run_id, job, started_by, host, started_at, finished_at, dry_run, status,"
                    + " exit_code, processed, updated, duration_ms) VALUES ('" + RUN + "', 'bench', 'bench', 'bench',"
                    + " now() - interval '1 minute', now(), FALSE, 'synced', 0, " + n + ", " + n + ", 60000)");
            st.execute("INSERT INTO roster_audit (run_id, job, person_key, target, action, before_value, after_value,"
                    + " applied_at) SELECT '" + RUN + "', 'bench', 'p' || i || '@bench.example', 'entra', 'update',"
                    + " '{\"jobTitle\":\"Engineer\",\"department\":\"Sales\"}',"
                    + " '{\"jobTitle\":\"Engineer ' || i || '\",\"department\":\"Sales\"}', now()"
                    + " FROM generate_series(0, " + (n - 1) + ") AS i");
            st.execute("ANALYZE roster_audit");
        }
    }

    private static String get(HttpClient http, String url, String cookie) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static long median(HttpClient http, String url, String cookie) throws Exception {
        get(http, url, cookie);
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < TIMES; i++) {
            long t = System.nanoTime();
            get(http, url, cookie);
            ms.add((System.nanoTime() - t) / 1_000_000);
        }
        Collections.sort(ms);
        return ms.get(TIMES / 2);
    }

    /** The run page loaded in headless Chromium, asked to paint to its load event; -1 where no browser is installed. */
    private static long browser(String base, String cookie) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driverExe = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driverExe)) {
            return -1;
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("roster-bench-chromium"));
        WebDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driverExe.toFile())
                .usingAnyFreePort().build(), options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.get(base + "/console/sign-in");
            String[] kv = cookie.split("=", 2);
            driver.manage().addCookie(new org.openqa.selenium.Cookie.Builder(kv[0], kv[1]).path("/console").build());
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i <= TIMES; i++) {
                driver.get(base + "/console/runs/" + RUN);
                Object d = ((JavascriptExecutor) driver).executeScript(
                        "const e = performance.getEntriesByType('navigation')[0]; return e.loadEventEnd - e.startTime;");
                if (i > 0) {
                    ms.add(Math.round(((Number) d).doubleValue()));
                }
            }
            Collections.sort(ms);
            return ms.get(TIMES / 2);
        } finally {
            driver.quit();
        }
    }

    /** The floor: the first page's rows and the count, straight from PostgreSQL by JDBC, median of {@link #TIMES}. */
    private static long sqlFloor(String jdbc) throws Exception {
        List<Long> ms = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            for (int i = 0; i <= TIMES; i++) {
                long t = System.nanoTime();
                try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM roster_audit WHERE run_id = ?");
                     PreparedStatement page = c.prepareStatement("SELECT * FROM roster_audit WHERE run_id = ?"
                             + " ORDER BY id LIMIT 100")) {
                    count.setString(1, RUN);
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                    }
                    page.setString(1, RUN);
                    try (ResultSet rs = page.executeQuery()) {
                        while (rs.next()) {
                            rs.getString("after_value");
                        }
                    }
                }
                if (i > 0) {
                    ms.add((System.nanoTime() - t) / 1_000_000);
                }
            }
        }
        Collections.sort(ms);
        return ms.get(TIMES / 2);
    }
}
