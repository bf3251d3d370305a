package io.roster.source.csv;

import io.roster.mapping.MappedPeople;
import io.roster.mapping.MappingSpec;
import io.roster.mapping.PersonMapper;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The CSV reader and the mapping after it, fed random bytes and mutations of a good export (seeded, so a failure
 * repeats): each input either reads, every record with at most the header's columns and a line, or is refused with a
 * {@link SourceReadException} naming the file; nothing else is thrown, nothing hangs, and nothing of a read is kept
 * after it.
 */
class CsvFuzzTest {

    private static final byte[] GOOD = ("firstname,lastname,email,country,groups\n"
            + "Ann,Able,ann@example.com,US,Sales\n"
            + "Bob,\"Baker, Jr.\",bob@example.com,US,\"Sales,Admins\"\n"
            + "\"Cy \"\"C\"\"\",Cole,cy@example.com,DE,\"Eng\nOps\"\n"
            + "Dörte,Ümlaut,doerte@example.com,DE,Sales\n").getBytes(StandardCharsets.UTF_8);

    private static final byte[] NASTY = {'"', ',', '\n', '\r', 0, (byte) 0xC3, (byte) 0xFF, (byte) 0xFE, (byte) 0xEF,
            (byte) 0xBB, (byte) 0xBF, '\t', ' ', '@', '.', (byte) 0xE2, (byte) 0x80, (byte) 0x8B};

    private final CsvRowReader reader = new CsvRowReader();
    private final MappingSpec mapping = MappingSpec.of(MappingSpec.ustDefaults());

    @Test
    void randomBytesAndMutatedExportsAreReadOrRefusedNeverAnythingElse() {
        long before = usedAfterGc();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            Random random = new Random(20261201L);
            for (int i = 0; i < 3_000; i++) {
                byte[] input = i % 3 == 0 ? randomBytes(random) : mutate(GOOD, random);
                check(input);
            }
        }, "an input made the reader hang");
        long grown = usedAfterGc() - before;
        assertTrue(grown < 32L << 20, "nothing of 3,000 reads is kept: the heap grew by " + (grown >> 20) + " MB");
    }

    private void check(byte[] input) {
        try {
            SourceRows rows = reader.read(new ByteArrayInputStream(input), "fuzz.csv", CsvFormatSpec.defaults());
            for (SourceRow row : rows.rows()) {
                assertTrue(row.values().size() <= rows.columns().size(), "more values than columns: " + hex(input));
                assertTrue(row.line() >= 2, "a record before the header: " + hex(input));
            }
            if (rows.columns().containsAll(mapping.columns())) {
                MappedPeople people = new PersonMapper().map(rows, mapping);
                for (SourceRow row : rows.rows()) {
                    if (row.fault() != null) {
                        assertTrue(people.rejections().stream().anyMatch(r -> r.record().equals(row.describe())),
                                "a faulted record is rejected: " + row.describe() + " of " + hex(input));
                    }
                }
            }
        } catch (SourceReadException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains("fuzz.csv"), "the refusal names the file: "
                    + e.getMessage() + " for " + hex(input));
        } catch (RuntimeException | AssertionError e) {
            fail("for input " + hex(input) + ": " + e, e);
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(600)];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(3) == 0 ? NASTY[random.nextInt(NASTY.length)] : (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] mutate(byte[] good, Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int cut = random.nextInt(8) == 0 ? random.nextInt(good.length) : good.length;
        for (int i = 0; i < cut; i++) {
            int dice = random.nextInt(40);
            if (dice == 0) {
                continue; // drop a byte
            }
            if (dice == 1) {
                out.write(NASTY[random.nextInt(NASTY.length)]); // insert one
            }
            out.write(dice == 2 ? random.nextInt(256) : good[i]); // or replace it
        }
        return out.toByteArray();
    }

    private static String hex(byte[] input) {
        return HexFormat.of().formatHex(input, 0, Math.min(input.length, 400));
    }
}
