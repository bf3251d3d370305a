package io.roster.e2e;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.roster.observe.JobReachability;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An admin edits a job's schedule into something invalid while Roster runs: the previous version of the route file
 * keeps running, one clear error is logged, and the job shows as not ready until the file is fixed.
 */
@QuarkusTest
@TestProfile(RouteScheduleTest.Reloading.class)
class RouteScheduleTest {

    static final Path ROUTES = Path.of("target/schedule-routes");
    /** A schedule that never fires while the test runs. */
    static final String FAR = "0+0+2+1+1+?+2099";

    public static class Reloading implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(ROUTES);
                Files.copy(Path.of("routes/shared.yaml"), ROUTES.resolve("shared.yaml"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(ROUTES.resolve("csv-to-sign.yaml"), withCron(FAR), StandardCharsets.UTF_8);
                Files.writeString(ROUTES.resolve("tick.yaml"), TICK, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> settings = new java.util.HashMap<>(RouteReloadTest.reloading(ROUTES));
            settings.put("roster.once", "false");
            return settings;
        }
    }

    /** A trigger on a short timer, sending to a route that does nothing: its firings are what is measured. */
    static final String TICK = """
            - route:
                id: tick-trigger
                group: roster-triggers
                from:
                  uri: timer:tick
                  parameters:
                    period: "700"
                    delay: "300"
                  steps:
                    - to: direct:tick
            - route:
                id: tick
                from:
                  uri: direct:tick
                  steps:
                    - setBody:
                        constant: tick
            """;

    /** The shipped csv-to-sign route with a quartz trigger on {@code cron}. */
    static String withCron(String cron) {
        try {
            String job = Files.readString(Path.of("routes/csv-to-sign.yaml"), StandardCharsets.UTF_8);
            String timer = job.substring(job.indexOf("      uri: timer:csv-to-sign"), job.indexOf("      steps:\n        - to: direct:csv-to-sign"));
            return job.replace(timer, "      uri: quartz:roster/csv-to-sign?cron=" + cron + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SignSimulators.Primary
    SignSimulator sign;

    @Inject
    CamelContext camel;

    @Inject
    JobRunner runner;

    @Inject
    JobReachability reachability;

    @Inject
    io.roster.steps.control.RouteReloadGuard guard;

    @Inject
    io.roster.steps.control.JobSchedules schedules;

    /** The edit arrives whole (written aside, then moved in), so the watcher never sees a half-written file. */
    private static void edit(String content) throws IOException {
        Path aside = ROUTES.resolveSibling("csv-to-sign.yaml.tmp");
        Files.writeString(aside, content, StandardCharsets.UTF_8);
        Files.move(aside, ROUTES.resolve("csv-to-sign.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The job's readiness problems now; none while its routes are being swapped. */
    private java.util.List<String> problems() {
        JobReachability.Answer a = reachability.checkAll().get("csv-to-sign");
        return a == null ? java.util.List.of() : a.problems();
    }

    @Test
    void anInvalidScheduleEditedInKeepsThePreviousVersionRunningAndShowsTheJobNotReady() throws Exception {
        Route before = camel.getRoute("csv-to-sign-trigger");
        assertNotNull(before, "the trigger runs on its far-off schedule");
        io.roster.steps.control.JobSchedules.Schedule schedule = schedules.of("csv-to-sign");
        assertTrue(schedule.on() && schedule.schedule().contains("cron=0+0+2+1+1+?+2099"), schedule.toString());
        assertEquals(java.time.LocalDateTime.of(2099, 1, 1, 2, 0), java.time.LocalDateTime.ofInstant(schedule.next(),
                java.time.ZoneId.systemDefault()), "the next run, as Quartz will fire it");

        // an editor rewriting the file in place shows it empty for a moment: nothing is taken away, nothing reported
        long seen = guard.edits();
        Files.writeString(ROUTES.resolve("csv-to-sign.yaml"), "", StandardCharsets.UTF_8);
        long waitUntil = System.currentTimeMillis() + 20_000;
        while (guard.edits() == seen && System.currentTimeMillis() < waitUntil) {
            Thread.sleep(50);
        }
        assertTrue(guard.edits() > seen, "the empty file was seen");
        assertTrue(before == camel.getRoute("csv-to-sign-trigger"), "the running trigger was left as it was");
        assertTrue(problems().isEmpty() || problems().stream().noneMatch(p -> p.contains("could not be reloaded")), problems().toString());
        edit(withCron("0+0+25+*+*+?"));

        long deadline = System.currentTimeMillis() + 20_000;
        while (problems().stream().noneMatch(p -> p.contains("could not be reloaded")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        java.util.List<String> problems = problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("csv-to-sign.yaml could not be reloaded (Hour values must be between 0 and 23)")
                && p.contains("the previous version keeps running")), problems.toString());
        String jobsPage = io.roster.e2e.Api.console("/console/jobs");
        assertTrue(jobsPage.contains("could not be reloaded (Hour values must be between 0 and 23)"),
                "the console's jobs page shows the failed reload: " + jobsPage);
        Route trigger = camel.getRoute("csv-to-sign-trigger");
        assertNotNull(trigger, "the job's schedule is still there");
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("csv-to-sign-trigger"));
        assertTrue(trigger.getEndpoint().getEndpointUri().contains("2099"), "with the previous schedule");
        assertNotNull(camel.getRoute("csv-to-sign"), "and the job itself");

        // fixed: the new version is taken and the job is ready again
        edit(withCron("0+0+3+1+1+?+2099"));
        deadline = System.currentTimeMillis() + 20_000;
        while (!triggerUri().contains("0+0+3") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(triggerUri().contains("0+0+3"), triggerUri());
        assertTrue(problems().stream().noneMatch(p -> p.contains("could not be reloaded")), problems().toString());
    }

    /** The job's trigger's address; empty for the moment a reload has removed the route and not yet added it again. */
    private String triggerUri() {
        Route trigger = camel.getRoute("csv-to-sign-trigger");
        return trigger == null ? "" : trigger.getEndpoint().getEndpointUri();
    }

    /** A timer's next run is its period after its last firing, as the console's jobs page shows it. */
    @Test
    void aTimersNextRunIsItsPeriodAfterItsLastFiring() throws Exception {
        Thread.sleep(1600); // it has fired at least twice
        for (int i = 0; i < 5; i++) {
            io.roster.steps.control.JobSchedules.Schedule s = schedules.of("tick");
            java.time.Instant now = java.time.Instant.now();
            assertTrue(s.on() && s.schedule().startsWith("timer://tick"), s.toString());
            assertNotNull(s.next(), "a timer's next firing is known");
            long ahead = java.time.Duration.between(now, s.next()).toMillis();
            assertTrue(ahead > -150 && ahead <= 700, "within one period of now: " + ahead + " ms");
            Thread.sleep(230);
        }
    }
}
