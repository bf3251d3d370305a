package io.roster.it;

import io.roster.sim.SignSimulator;
import io.roster.state.StatePostgres;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Roster processes — two replicas, each running its own job against the same Sign account — share one state
 * database and the account's request budget (`roster.sign.orgs.primary.request-budget`). The simulator, which counts
 * what arrives, never sees more than the budget in any window, though each process alone would send far more.
 */
class SharedBudgetIT {

    static final int PEOPLE = 120;
    static final int BUDGET = 20;
    static final Path DIR = Path.of("target/shared-budget").toAbsolutePath();
    static final String KEY = "shared-budget-key-5d08";

    @Test
    void twoProcessesOnOneAccountNeverSendMoreThanItsBudget() throws Exception {
        SignSimulator sign = new SignSimulator(KEY);
        try {
            prepareFiles();
            String state = StatePostgres.database("shared_budget_it");
            Process sales = launch(sign, state, "sales", "sales.log");
            Process marketing = launch(sign, state, "marketing", "marketing.log");

            // both were at work together while at least a few windows' worth of requests went out
            long deadline = System.currentTimeMillis() + 120_000;
            while (sign.totalCalls() < 3L * BUDGET && sales.isAlive() && marketing.isAlive()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(sales.isAlive() && marketing.isAlive(), "both runs were under way at once");

            assertTrue(sales.waitFor(120, TimeUnit.SECONDS) && marketing.waitFor(120, TimeUnit.SECONDS), "both ended");
            assertEquals(0, sales.exitValue(), "see " + DIR.resolve("sales.log"));
            assertEquals(0, marketing.exitValue(), "see " + DIR.resolve("marketing.log"));
            assertEquals(2 * PEOPLE, sign.users().size(), "each job created its people");
            assertTrue(sign.totalCalls() >= 2L * PEOPLE, "every create went out: " + sign.totalCalls());
            long most = sign.mostCallsInAWindow(Duration.ofSeconds(1));
            assertTrue(most <= BUDGET, "never more than " + BUDGET + " requests in a second, together: " + most);
        } finally {
            sign.close();
        }
    }

    private static void prepareFiles() throws IOException {
        if (Files.exists(DIR)) {
            try (var walk = Files.walk(DIR)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        String route = Files.readString(Path.of("routes/csv-to-sign.yaml"), StandardCharsets.UTF_8);
        Files.createDirectories(DIR.resolve("routes"));
        for (String job : List.of("sales", "marketing")) {
            String group = job.substring(0, 1).toUpperCase() + job.substring(1);
            // a second CSV job is a copy of the shipped one's route under its own name, as an admin adds one
            Files.writeString(DIR.resolve("routes/" + job + ".yaml"), route.replace("csv-to-sign", job), StandardCharsets.UTF_8);
            Files.createDirectories(DIR.resolve("jobs"));
            Files.createDirectories(DIR.resolve("csv-" + job));
            Files.writeString(DIR.resolve("jobs/" + job + ".yaml"), """
                    sign:
                      users: mapped
                      user_management:
                        - directory_group: %s
                          sign_group: %s
                    """.formatted(group, group), StandardCharsets.UTF_8);
            StringBuilder csv = new StringBuilder("firstname,lastname,email,country,groups\n");
            for (int i = 0; i < PEOPLE; i++) {
                csv.append("P,").append(i).append(',').append(job).append(i).append("@example.com,US,").append(group).append('\n');
            }
            Files.writeString(DIR.resolve("csv-" + job + "/people.csv"), csv, StandardCharsets.UTF_8);
        }
    }

    private static Process launch(SignSimulator sign, String stateUrl, String job, String log) throws IOException {
        String jar = System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=postgresql",
                "-Dquarkus.datasource.postgresql.jdbc.url=" + stateUrl,
                "-Dquarkus.datasource.postgresql.username=postgres",
                "-Dquarkus.datasource.postgresql.password=postgres",
                "-Dquarkus.http.port=0",
                "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.main.routes-include-pattern=file:" + Path.of("routes/shared.yaml").toAbsolutePath()
                        + ",file:" + DIR.resolve("routes") + "/*.yaml",
                "-Droster.once=true",
                "-Droster.jobs=" + job,
                "-Droster.config-dir=" + DIR.resolve("jobs"),
                "-Droster.csv." + job + ".dir=" + DIR.resolve("csv-" + job),
                "-Droster.csv." + job + ".file=people.csv",
                "-Droster.batch-size=25",
                "-Droster.sign.concurrency=8",
                "-Droster.sign.orgs.primary.base-url=" + sign.baseUrl(),
                "-Droster.sign.orgs.primary.integration-key=" + KEY,
                "-Droster.sign.orgs.primary.request-budget=" + BUDGET + "/1s",
                "-jar", jar));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(DIR.resolve(log).toString())).start();
    }
}
