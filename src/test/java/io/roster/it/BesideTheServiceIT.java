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
 * their answer; a command that needs the store says who holds it.
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

            RosterJar.Result held = once("held", store, null, "held", "list");
            assertEquals(2, held.exit());
            assertTrue(held.err().contains("is held by a running Roster (the service)"), held.err());
            assertTrue(service.isAlive(), "the service was left running");
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
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
