package io.roster.e2e;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.roster.sim.SignSimulator;
import io.roster.sim.SignSimulators;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The routes folder as Kubernetes mounts a ConfigMap: each file a symlink through {@code ..data} to a timestamped
 * folder, and an edit of the ConfigMap a new folder and an atomic swap of {@code ..data} (what the kubelet's
 * AtomicWriter does). The next run uses the edited route, without a restart.
 */
@QuarkusTest
@TestProfile(ConfigMapRouteReloadTest.ConfigMapFolder.class)
class ConfigMapRouteReloadTest {

    static final Path ROUTES = Path.of("target/configmap-routes").toAbsolutePath();

    public static class ConfigMapFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (Files.exists(ROUTES)) {
                    try (var walk = Files.walk(ROUTES)) {
                        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                Files.createDirectories(ROUTES);
                publish("..2026_11_21_01_00_00.1", Files.readString(Path.of("routes/shared.yaml")), jobRoute());
                for (String f : new String[]{"shared.yaml", "csv-to-sign.yaml"}) {
                    Files.createSymbolicLink(ROUTES.resolve(f), Path.of("..data/" + f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return RouteReloadTest.reloading(ROUTES);
        }
    }

    /** The job route without its trigger (its schedule would fire by itself). */
    static String jobRoute() throws IOException {
        String job = Files.readString(Path.of("routes/csv-to-sign.yaml"), StandardCharsets.UTF_8);
        int trigger = job.indexOf("- route:\n    id: csv-to-sign-trigger");
        int next = job.indexOf("- route:", trigger + 1);
        return job.substring(0, trigger) + job.substring(next);
    }

    /** Writes a new timestamped folder and swaps ..data to it atomically, then removes the old one, as the kubelet. */
    static void publish(String folder, String shared, String job) throws IOException {
        Path dir = Files.createDirectories(ROUTES.resolve(folder));
        Files.writeString(dir.resolve("shared.yaml"), shared);
        Files.writeString(dir.resolve("csv-to-sign.yaml"), job);
        Path old = Files.isSymbolicLink(ROUTES.resolve("..data")) ? ROUTES.resolve("..data").toRealPath() : null;
        Path tmp = ROUTES.resolve("..data_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(folder));
        Files.move(tmp, ROUTES.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (old != null) {
            try (var walk = Files.walk(old)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @SignSimulators.Primary
    SignSimulator sign;

    @Inject
    JobRunner runner;

    @Inject
    CamelContext camel;

    @Test
    void anEditedConfigMapIsUsedByTheNextRun() throws Exception {
        RouteReloadTest.theNextRunUsesTheEditedRoute(camel, runner, sign, () ->
                publish("..2026_11_21_01_05_00.2", Files.readString(Path.of("routes/shared.yaml")),
                        jobRoute().replace("{{roster.csv.csv-to-sign.file:people.csv}}", "other.csv")));
    }
}
