package io.roster.source.sql;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SQL read streams: 1,000,000 rows (about 150 MB of data) are read through {@link SqlRead} in a JVM whose whole
 * heap is 32 MB. Were the result materialised (no cursor, e.g. PostgreSQL in auto-commit), that JVM would die of
 * OutOfMemoryError. This asserts that the read completes, not how fast or how small: figures belong to the benchmark.
 */
class SqlReadStreamingTest {

    static final int ROWS = 1_000_000;

    @Test
    void aMillionRowsAreReadInA32MegabyteHeap() throws Exception {
        String url = HrDatabase.url();
        HrDatabase.exec("DROP TABLE IF EXISTS big");
        HrDatabase.exec("CREATE TABLE big AS SELECT g AS id, 'person' || g || '@example.com' AS email, repeat('x', 100) AS filler"
                + " FROM generate_series(1, " + ROWS + ") g");

        Process probe = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), StreamingReadProbe.class.getName(), url))
                .redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes());
        assertTrue(probe.waitFor(5, TimeUnit.MINUTES));
        HrDatabase.exec("DROP TABLE big");

        assertEquals(0, probe.exitValue(), out);
        assertTrue(out.contains("rows=" + ROWS), out);
    }
}
