package io.roster.commands;

import io.roster.job.ust.UstConfigException;
import io.roster.job.ust.UstImport;
import io.roster.secrets.SecretMask;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The User Sync Tool's files, two ways: {@code roster import-ust} writes the job file and settings that stand for them
 * (for those moving over for good); {@code --ust-config} (or {@code roster.ust-config}) runs from them as they are,
 * by the same translation, before Roster starts: the job file goes to a folder of its own and the settings become
 * this process's. Either way every key not carried over is said, once, and the secrets to set are named.
 */
public final class UstFiles {

    private UstFiles() {
    }

    /** UST's files as Roster's job and settings; null when they cannot be taken, each problem said. */
    private static UstImport read(String config, PrintStream stderr, String nothingWas) {
        try {
            return UstImport.read(Path.of(config));
        } catch (UstConfigException e) {
            e.problems().forEach(p -> stderr.println("roster: " + SecretMask.apply(p)));
            stderr.println("roster: nothing was " + nothingWas);
            return null;
        }
    }

    /** {@code roster import-ust CONFIG --out DIR}: 0, or 2 when UST's files cannot be taken (each problem said). */
    public static int importTo(String config, String out, PrintStream stdout, PrintStream stderr) {
        UstImport imported = read(config, stderr, "written");
        if (imported == null) {
            return 2;
        }
        Path dir = Path.of(out);
        Path jobFile = dir.resolve("jobs").resolve(imported.job() + ".yaml");
        Path properties = dir.resolve("roster.properties");
        try {
            Files.createDirectories(jobFile.getParent());
            Files.writeString(jobFile, imported.jobFile(), StandardCharsets.UTF_8);
            Files.writeString(properties, imported.propertiesFile(String.valueOf(Path.of(config).getFileName()))
                    + "roster.config-dir=" + jobFile.getParent().toAbsolutePath().toString().replace("\\", "\\\\") + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            stderr.println("roster: cannot write to " + dir + ": " + e.getMessage());
            return 2;
        }
        imported.notes().forEach(n -> stderr.println("roster: note: " + n));
        stdout.println("Wrote " + jobFile + " (job " + imported.job() + ") and " + properties + ".");
        stdout.println("Set in the environment (or a Secret):");
        imported.secrets().forEach(s -> stdout.println("  " + s));
        stdout.println("Then: QUARKUS_CONFIG_LOCATIONS=" + properties.toAbsolutePath() + " roster run " + imported.job()
                + " --dry-run");
        return 0;
    }

    /**
     * {@code --ust-config}: UST's files become this process's job and settings (as system properties, before Quarkus
     * reads its configuration). Returns 0, or 2 when they cannot be taken, each problem said.
     */
    public static int runFrom(String config, java.util.List<String> jobsAsked, PrintStream stderr) {
        UstImport imported = read(config, stderr, "run");
        if (imported == null) {
            return 2;
        }
        for (String job : jobsAsked) {
            if (!job.equals(imported.job())) {
                stderr.println("roster: with the User Sync Tool's " + config + " the job is " + imported.job()
                        + ", not " + job + "; nothing was run");
                return 2;
            }
        }
        try {
            Path jobs = Files.createTempDirectory("roster-ust-");
            Path jobFile = jobs.resolve(imported.job() + ".yaml");
            jobs.toFile().deleteOnExit(); // deleted last: the file first (deleteOnExit runs in reverse)
            jobFile.toFile().deleteOnExit();
            Files.writeString(jobFile, imported.jobFile(), StandardCharsets.UTF_8);
            // UST's files stand below what the admin sets for this process (-D, the environment), above the
            // settings files, which they replace
            java.util.List<String> kept = new java.util.ArrayList<>();
            imported.settings().forEach((key, value) -> {
                String env = key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
                if (System.getProperty(key) != null || System.getenv(env) != null) {
                    kept.add(key);
                } else {
                    System.setProperty(key, value);
                }
            });
            if (!kept.isEmpty()) {
                stderr.println("roster: note: set for this process, so not taken from UST's files: "
                        + String.join(", ", kept));
            }
            System.setProperty("roster.config-dir", jobs.toString());

        } catch (IOException e) {
            stderr.println("roster: cannot write the job " + imported.job() + " from " + config + ": " + e.getMessage());
            return 2;
        }
        imported.notes().forEach(n -> stderr.println("roster: note: " + n));
        stderr.println("roster: running job " + imported.job() + " from the User Sync Tool's " + config + "; secrets"
                + " from the environment: " + String.join("; ", imported.secrets()));
        return 0;
    }
}
