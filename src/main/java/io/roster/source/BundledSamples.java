package io.roster.source;

import java.nio.file.Path;

/**
 * The sample people Roster ships ({@code samples/}: the CSV, the HR table, the LDAP directory) are for dry runs and
 * quick starts. A live run that would write them into a real target is refused, unless {@code roster.allow-samples}
 * says so: following the quick start with a real key must not fill the account with Ada Lovelace and friends.
 */
public final class BundledSamples {

    public static final String SETTING = "roster.allow-samples";

    private BundledSamples() {
    }

    /** Whether a file is one of the bundled samples (under the working folder's {@code samples/}). */
    public static boolean isSample(Path file) {
        return file.toAbsolutePath().normalize().startsWith(Path.of("samples").toAbsolutePath().normalize());
    }

    /** Whether a source's address (a JDBC URL, an {@code ldif:} directory) loads a bundled sample. */
    public static boolean isSample(String url) {
        return url != null && (url.contains("RUNSCRIPT FROM 'samples/") || url.startsWith("ldif:samples/"));
    }

    /** Refuses the read, naming what to change, when a live run would sync the samples. */
    public static void refuseLive(boolean sample, boolean dryRun, boolean allowed, String job, String what, String setting) {
        if (sample && !dryRun && !allowed) {
            throw new SourceReadException("job " + job + " reads the bundled sample people (" + what + "); a live run would"
                    + " write them into the target, so it is refused: point " + setting + " at your own source, run it"
                    + " with roster.dry-run=true (roster run --dry-run), or set " + SETTING + "=true to sync the samples");
        }
    }
}
