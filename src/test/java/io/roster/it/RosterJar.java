package io.roster.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application run as an admin runs it, in a JVM of its own, on a state file of its own: its exit code and
 * what it printed on standard output and standard error.
 */
final class RosterJar {

    record Result(int exit, String out, String err) {
    }

    private RosterJar() {
    }

    /**
     * Runs {@code java [jvm…] -jar quarkus-run.jar [args…]} with these environment variables added, its embedded state
     * under {@code dir} as {@code state-<name>} (fresh), its output in {@code <name>.out} and {@code <name>.err}.
     */
    static Result run(Path dir, String name, List<String> jvm, Map<String, String> env, List<String> args)
            throws Exception {
        Files.createDirectories(dir);
        Path state = dir.resolve("state-" + name).toAbsolutePath(); // never "./" + an absolute path
        Files.deleteIfExists(Path.of(state + ".mv.db"));
        String jar = System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dcamel.main.routes-reload-enabled=false",
                "-Dquarkus.datasource.embedded.jdbc.url=jdbc:h2:file:" + state + ";AUTO_SERVER=FALSE"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar));
        cmd.addAll(args);
        File out = dir.resolve(name + ".out").toFile();
        File err = dir.resolve(name + ".err").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("roster " + String.join(" ", args) + " did not exit within 2 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
