package io.roster.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the job file and CSV the csv-to-sign route reads in tests (the folders SignSimulators configures). */
public final class JobFiles {

    static final Path JOBS = Path.of("target/e2e/jobs");
    static final Path CSV = Path.of("target/e2e/csv");

    static final String HEADER = "firstname,lastname,email,country,groups\n";

    private JobFiles() {
    }

    public static void job(String yaml) {
        write(JOBS.resolve("csv-to-sign.yaml"), yaml);
    }

    public static void csv(String rowsAfterHeader) {
        write(CSV.resolve("people.csv"), HEADER + rowsAfterHeader);
    }

    /** The CSV appears whole at once (written aside, then moved in), as for a run already polling for it. */
    static void csvAtOnce(String rowsAfterHeader) {
        Path aside = CSV.resolveSibling("people.csv.tmp");
        write(aside, HEADER + rowsAfterHeader);
        try {
            Files.move(aside, CSV.resolve("people.csv"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void rawCsv(String content) {
        write(CSV.resolve("people.csv"), content);
    }

    static void noCsv() {
        try {
            Files.deleteIfExists(CSV.resolve("people.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String rules(String signOnlyAction, String limit) {
        return """
                sign:
                  users: mapped
                  user_sync:
                    sign_only_limit: %s
                    sign_only_user_action: %s
                  user_management:
                    - directory_group: Sales Managers
                      sign_group: Sales
                      group_admin: true
                    - directory_group: Sales
                      sign_group: Sales
                    - directory_group: Engineering
                      sign_group: Engineering
                    - directory_group: Admins
                      sign_group:
                      account_admin: true
                    - directory_group: Partners
                      sign_group: org2::Partners
                """.formatted(limit, signOnlyAction);
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
