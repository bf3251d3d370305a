package io.roster.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One-shot commands typed while the service runs on the same machine, with the embedded state store the service holds:
 * check, discover and encrypt work (they need no state store, and take no port of the service's), and print only
 * their answer; a command that needs the store asks the service, through its API, at the address and with the token
 * the service left beside the store.
 */
class BesideTheServiceIT {

    static final Path DIR = Path.of("target/beside-the-service").toAbsolutePath();

    @Test
    void checkDiscoverAndEncryptWorkWhileTheServiceHoldsTheStoreAndItsPort() throws Exception {
        assumeTrue(free(8080), "port 8080 is taken here: the service must have it for this test");
        Files.createDirectories(DIR);
        String store = "-Dquarkus.datasource.embedded.jdbc.url=jdbc:h2:file:" + DIR.resolve("state")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
        Files.deleteIfExists(Path.of(DIR.resolve("state") + ".mv.db"));
        Process service = start(List.of(store, "-Dcamel.main.routes-reload-enabled=false"), List.of("serve"),
                DIR.resolve("service.log"));
        try {
            long until = System.currentTimeMillis() + 60_000;
            while (free(8080) && service.isAlive() && System.currentTimeMillis() < until) {
                Thread.sleep(200);
            }
            assertTrue(service.isAlive() && !free(8080), "the service is up on 8080; see " + DIR.resolve("service.log"));

            RosterJar.Result discover = once("discover", store, null, "discover", "hr");
            assertEquals(0, discover.exit(), discover.err());
            assertTrue(new ObjectMapper().readTree(discover.out()).isArray(), "only JSON on standard output: " + discover.out());

            RosterJar.Result check = once("check", store, null, "check", "--json");
            assertEquals(0, check.exit(), check.err());

            RosterJar.Result encrypt = once("encrypt", store, "not-a-real-secret-7e2a", "encrypt");
            assertEquals(0, encrypt.exit(), encrypt.err());
            assertTrue(encrypt.out().contains("${aes-gcm-nopadding::"), encrypt.out());

            assertTrue(service.isAlive(), "the service was left running");
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void commandsThatNeedTheStoreAskTheServiceThatHoldsIt() throws Exception {
        Files.createDirectories(DIR);
        Path state = DIR.resolve("asked");
        String store = "-Dquarkus.datasource.embedded.jdbc.url=jdbc:h2:file:" + state + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
        Files.deleteIfExists(Path.of(state + ".mv.db"));
        Path announced = Path.of(state + ".service");
        Files.deleteIfExists(announced);
        // a random port: the file beside the store must say which one the service took
        Process service = start(List.of(store, "-Dcamel.main.routes-reload-enabled=false", "-Dquarkus.http.port=0"),
                List.of("serve"), DIR.resolve("asked-service.log"));
        try {
            long until = System.currentTimeMillis() + 60_000;
            while (!Files.exists(announced) && service.isAlive() && System.currentTimeMillis() < until) {
                Thread.sleep(200);
            }
            assertTrue(Files.exists(announced), "the service says where it listens; see " + DIR.resolve("asked-service.log"));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(announced)), "only the store's owner may read the token");
            io.roster.commands.LocalServiceFile door = io.roster.commands.LocalServiceFile.read(announced).orElseThrow();
            assertTrue(door.api().getPort() > 0 && door.api().getPort() != 8080, door.api().toString());

            ObjectMapper json = new ObjectMapper();
            RosterJar.Result held = once("asked-held", store, null, "held", "list", "--json");
            assertEquals(0, held.exit(), held.err());
            assertTrue(json.readTree(held.out()).isArray(), "only JSON on standard output: " + held.out());
            assertTrue(held.err().contains("the running service holds the state store"), held.err());

            RosterJar.Result run = once("asked-run", store, null, "run", "csv-to-sign", "--dry-run", "--json");
            assertEquals(0, run.exit(), run.err());
            com.fasterxml.jackson.databind.JsonNode report = json.readTree(run.out()).get(0);
            assertEquals("csv-to-sign", report.get("job").asText());
            assertTrue(report.get("dryRun").asBoolean() && report.get("counts").get("created").asInt() > 0, run.out());
            assertTrue(run.err().contains("(dry run): ok"), "the run's summary line: " + run.err());
            // the run is the service's: its history has it, read with the token the file gives (the API is off otherwise)
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI runUri = door.api().resolve("roster/runs/" + report.get("runId").asText());
            assertEquals(200, http.send(java.net.http.HttpRequest.newBuilder(runUri)
                            .header("Authorization", "Bearer " + door.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(403, http.send(java.net.http.HttpRequest.newBuilder(runUri)
                            .header("Authorization", "Bearer " + door.token() + "x").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            assertTrue(report.get("startedBy").asText().startsWith("command line ("), "who asked: " + run.out());

            // every job named is checked before anything runs: a wrong name runs none of them
            java.net.URI history = door.api().resolve("roster/runs?job=csv-to-sign");
            String runsBefore = http.send(java.net.http.HttpRequest.newBuilder(history).header("Authorization", "Bearer "
                    + door.token()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            RosterJar.Result typo = once("asked-typo", store, null, "run", "csv-to-sign", "no-such-job", "--dry-run");
            assertEquals(2, typo.exit(), typo.err());
            assertTrue(typo.err().contains("'no-such-job' is not a job"), typo.err());
            assertEquals(json.readTree(runsBefore).size(), json.readTree(http.send(java.net.http.HttpRequest.newBuilder(history)
                    .header("Authorization", "Bearer " + door.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).size(), "no run was started");

            RosterJar.Result letters = once("asked-letters", store, null, "dead-letters", "list", "--json");
            assertEquals(0, letters.exit(), letters.err());
            assertTrue(json.readTree(letters.out()).isArray(), letters.out());

            RosterJar.Result approve = once("asked-approve", store, null, "held", "approve", "--id", "999");
            assertEquals(2, approve.exit(), "a change not held is named, as alone: " + approve.err());
            assertTrue(approve.err().contains("not held"), approve.err());

            RosterJar.Result size = once("asked-size", store, null, "accept-source-size", "csv-to-sign", "--people", "3",
                    "--json");
            assertEquals(0, size.exit(), size.err());
            assertEquals(3, json.readTree(size.out()).get(0).get("people").asInt(), size.out());

            RosterJar.Result plan = once("asked-plan", store, null, "plan", "csv-to-sign", "--json");
            assertEquals(0, plan.exit(), plan.err());
            assertEquals("csv-to-sign", json.readTree(plan.out()).get("job").asText(), plan.out());

            RosterJar.Result missing = once("asked-apply", store, null, "apply", "no-such-plan");
            assertEquals(2, missing.exit(), missing.err());
            assertTrue(missing.err().contains("no plan no-such-plan"), "the service's reason: " + missing.err());
            assertTrue(service.isAlive(), "the service was left running");
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(!Files.exists(announced), "the service took its file away when it stopped");
        RosterJar.Result alone = once("alone-held", store, null, "held", "list", "--json");
        assertEquals(0, alone.exit(), alone.err());
        assertTrue(!alone.err().contains("the running service holds"), "with the service gone it opens the store: " + alone.err());
    }

    private static boolean free(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static Process start(List<String> jvm, List<String> args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar")));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A one-shot command as an admin types it: no port setting of its own. */
    private static RosterJar.Result once(String name, String store, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                store, "-Dcamel.main.routes-reload-enabled=false", "-jar",
                System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar")));
        cmd.addAll(List.of(args));
        File out = DIR.resolve(name + ".out").toFile();
        File err = DIR.resolve(name + ".err").toFile();
        Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), name + " ended");
        return new RosterJar.Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
