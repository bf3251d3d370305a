package io.roster.e2e;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Editing a route file while Roster runs changes the next run, without a restart. */
@QuarkusTest
@TestProfile(RouteReloadTest.Reloading.class)
class RouteReloadTest {

    static final Path ROUTES = Path.of("target/reload-routes");

    /** Reload on, over a copy of the real route files (the job route only: its schedule would fire by itself). */
    public static class Reloading implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(ROUTES);
                Files.copy(Path.of("routes/shared.yaml"), ROUTES.resolve("shared.yaml"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(ROUTES.resolve("csv-to-sign.yaml"), ConfigMapRouteReloadTest.jobRoute(),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return reloading(ROUTES);
        }
    }

    /** The settings that load every route file of {@code routes} and reload it when edited, as the shipped service does. */
    static Map<String, String> reloading(Path routes) {
        return Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.yaml",
                "camel.main.routes-reload-enabled", "true",
                "camel.main.routes-reload-directory", routes.toString(),
                "camel.main.routes-reload-pattern", "*.yaml");
    }

    @SignSimulators.Primary
    SignSimulator sign;

    @Inject
    JobRunner runner;

    @Inject
    CamelContext camel;

    @Test
    void anEditedRouteIsUsedByTheNextRun() throws Exception {
        Path file = ROUTES.resolve("csv-to-sign.yaml");
        String route = Files.readString(file, StandardCharsets.UTF_8);
        theNextRunUsesTheEditedRoute(camel, runner, sign, () ->
                Files.writeString(file, route.replace("{{roster.csv.csv-to-sign.file:people.csv}}", "other.csv")));
    }

    interface Edit {
        void apply() throws Exception;
    }

    /**
     * A run reads people.csv; the edit makes the route read other.csv; once Camel has reloaded the route, the next
     * run must sync the person only other.csv holds, without a restart.
     */
    static void theNextRunUsesTheEditedRoute(CamelContext camel, JobRunner runner, SignSimulator sign, Edit edit)
            throws Exception {
        sign.reset();
        JobFiles.job(JobFiles.rules("exclude", "10"));
        JobFiles.csv("Ann,Able,ann@example.com,US,Sales\n");
        Files.writeString(JobFiles.CSV.resolve("other.csv"), JobFiles.HEADER + "Bob,Baker,bob@example.com,US,Sales\n");

        runner.run("csv-to-sign", false);
        assertNotNull(sign.user("ann@example.com"));
        assertNull(sign.user("bob@example.com"));

        Route before = camel.getRoute("csv-to-sign");
        edit.apply();
        long deadline = System.currentTimeMillis() + 20_000;
        while (camel.getRoute("csv-to-sign") == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertNotSame(before, camel.getRoute("csv-to-sign"), "the route was reloaded");
        while (camel.getRoute("csv-to-sign") == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }

        runner.run("csv-to-sign", false);
        assertNotNull(sign.user("bob@example.com"), "the next run read the file the edited route names");
        assertEquals(2, sign.users().size());
    }
}
