package io.roster.it;

import io.roster.sim.Signature365Simulator;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged app on its shipped defaults: the SQL quick start's job reads the sample HR table from the embedded
 * in-memory H2 source (no database server), as the README's first command does, and a job mapping to an undeclared
 * token stops the app at start-up.
 */
class QuickStartIT {

    static final Path DIR = Path.of("target/quickstart");
    static final String SECRET = "quickstart-s365-secret-7b3e";

    @Test
    void theSampleHrTableReachesSignature365AndAnUnchangedCycleSendsNothing() throws Exception {
        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            String state = "jdbc:h2:file:./" + DIR.resolve("state-sync") + ";AUTO_SERVER=FALSE";
            deleteState("state-sync");
            List<String> settings = List.of("-Dquarkus.datasource.embedded.jdbc.url=" + state,
                    "-Droster.signature365.base-url=" + s365.baseUrl(), "-Droster.signature365.secret=" + SECRET);

            // a live run would write the bundled sample people into a real target: refused unless allowed
            Result refused = run("sync-0.log", settings);
            assertEquals(2, refused.exit, refused.log);
            assertTrue(refused.log.contains("job hr-to-signature365 reads the bundled sample people (the sample HR table);"
                    + " a live run would write them into the target, so it is refused"), refused.log);
            assertTrue(refused.log.contains("roster.allow-samples=true"), refused.log);
            assertEquals(0, s365.requests(), "nothing reached the target");

            settings = new ArrayList<>(settings);
            settings.add("-Droster.allow-samples=true");
            Result first = run("sync-1.log", settings);
            assertEquals(0, first.exit, first.log);
            assertEquals(5, s365.userCount(), "the five active people of samples/hr/staff.sql");
            Map<String, String> ada = s365.user("ada.lovelace@example.com");
            assertEquals("Ada Lovelace", ada.get("DisplayName"));
            assertEquals("ENG-100", ada.get("CostCentre"), "a custom token from the default custom-fields");
            assertEquals("Example Ltd", ada.get("Company"));
            assertEquals("Example GmbH", s365.user("linus.pending@example.com").get("Company"), "the conditional");
            assertEquals("Head Office", s365.user("katherine.johnson@example.com").get("Office"), "the default");
            assertNull(s365.user("margaret.hamilton@example.com"), "inactive in the sample: not selected by the query");
            assertFalse(first.log.contains(SECRET), "the secret appeared in the log");

            long requests = s365.requests();
            Result second = run("sync-2.log", settings);
            assertEquals(0, second.exit, second.log);
            assertEquals(requests, s365.requests(), "an unchanged sample table: no request to Signature 365");
            assertTrue(second.log.contains("source version"), "the cycle was skipped by its version query: " + second.log);
        }
    }

    @Test
    void theReadmesFirstCommandPlansTheSampleAsADryRun() throws Exception {
        deleteState("state-dry");
        Result dry = run("dry.log", List.of("-Droster.dry-run=true",
                "-Dquarkus.datasource.embedded.jdbc.url=jdbc:h2:file:./" + DIR.resolve("state-dry") + ";AUTO_SERVER=FALSE"));
        assertEquals(0, dry.exit, dry.log);
        long planned = Pattern.compile("\\[dry run] signature365: would send ").matcher(dry.log).results().count();
        assertEquals(5, planned, dry.log);
        assertTrue(dry.log.contains("CostCentre=ENG-100"), dry.log);
        assertFalse(dry.log.contains("120000"), "an unmapped column (salary) was printed");
    }

    @Test
    void aMappingToAnUndeclaredTokenStopsStartUpNamingIt() throws Exception {
        Path jobs = Files.createDirectories(DIR.resolve("bad-jobs"));
        String job = Files.readString(Path.of("config/jobs/hr-to-signature365.yaml"))
                .replace("  CostCentre: \"{cost_centre}\"", "  Nickname: \"{first_name}\"");
        assertTrue(job.contains("Nickname"));
        Files.writeString(jobs.resolve("hr-to-signature365.yaml"), job);
        deleteState("state-bad");
        Result bad = run("bad.log", List.of("-Droster.config-dir=" + jobs,
                "-Dquarkus.datasource.embedded.jdbc.url=jdbc:h2:file:./" + DIR.resolve("state-bad") + ";AUTO_SERVER=FALSE"));
        assertNotEquals(0, bad.exit, bad.log);
        assertTrue(bad.log.contains("ERROR [io.ro.run] Roster cannot start: job file " + jobs.resolve("hr-to-signature365.yaml")
                + ": job hr-to-signature365: mapping to 'Nickname', which is not a Signature 365 field token"), bad.log);
        assertFalse(bad.log.contains("signature365: would send"), "nothing may be planned after a refused start");
    }

    @Test
    void anEncryptedSecretInConfigurationIsDecryptedAndNeverLogged() throws Exception {
        deleteState("state-encrypt");
        Result encrypt = run("encrypt.log", List.of("-Droster.encrypt=true",
                "-Dquarkus.datasource.embedded.jdbc.url=jdbc:h2:file:./" + DIR.resolve("state-encrypt") + ";AUTO_SERVER=FALSE"),
                SECRET + "\n", Map.of());
        assertEquals(0, encrypt.exit, encrypt.log);
        Matcher key = Pattern.compile("(?m)^smallrye\\.config\\.secret-handler\\.aes-gcm-nopadding\\.encryption-key=(\\S+)$")
                .matcher(encrypt.log);
        Matcher sealed = Pattern.compile("(?m)^(\\$\\{aes-gcm-nopadding::[A-Za-z0-9_-]+})$").matcher(encrypt.log);
        assertTrue(key.find() && sealed.find(), "a new key and the sealed value: " + encrypt.log);
        assertFalse(encrypt.log.contains(SECRET), "the secret is not echoed");

        try (Signature365Simulator s365 = new Signature365Simulator(SECRET, "CostCentre")) {
            deleteState("state-sealed");
            Result sync = run("sealed.log", List.of(
                    "-Dquarkus.datasource.embedded.jdbc.url=jdbc:h2:file:./" + DIR.resolve("state-sealed") + ";AUTO_SERVER=FALSE",
                    "-Droster.signature365.base-url=" + s365.baseUrl(), "-Dquarkus.log.console.json.enabled=true",
                    "-Droster.allow-samples=true"), "",
                    Map.of("ROSTER_SIGNATURE365_SECRET", sealed.group(1),
                            "SMALLRYE_CONFIG_SECRET_HANDLER_AES_GCM_NOPADDING_ENCRYPTION_KEY", key.group(1)));
            assertEquals(0, sync.exit, sync.log);
            assertEquals(5, s365.userCount(), "Signature 365 took the decrypted secret");
            assertFalse(sync.log.contains(SECRET), "the decrypted secret is not in the log");
            for (String line : sync.log.split("\n")) {
                if (!line.isBlank()) {
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(line); // JSON logs: every line one object
                }
            }
        }
    }

    record Result(int exit, String log) {
    }

    private static Result run(String log, List<String> extra) throws Exception {
        return run(log, extra, null, Map.of());
    }

    private static Result run(String log, List<String> extra, String stdin, Map<String, String> env) throws Exception {
        Files.createDirectories(DIR);
        String jar = System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dcamel.main.routes-reload-enabled=false",
                "-Droster.once=true", "-Droster.jobs=hr-to-signature365"));
        cmd.addAll(extra);
        cmd.addAll(List.of("-jar", jar));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(DIR.resolve(log).toString()));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the app did not exit within 2 minutes; see " + DIR.resolve(log));
        }
        return new Result(p.exitValue(), Files.readString(DIR.resolve(log)));
    }

    private static void deleteState(String name) throws Exception {
        Files.deleteIfExists(DIR.resolve(name + ".mv.db"));
        Files.deleteIfExists(DIR.resolve(name + ".trace.db"));
    }
}
