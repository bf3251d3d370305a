package io.roster.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Roster as its users run it: the packaged jar in its own JVM ({@code roster.once}, one job), and what its summary
 * line says: the run's own duration and its counts.
 */
final class RosterProcess {

    /** One run: the process's figures, the run's own duration, and its counts (created=…, updated=…). */
    record Measured(ChildJvm.Measured process, long runMillis, Map<String, Long> counts) {
    }

    private static final Pattern SUMMARY = Pattern.compile("job (\\S+) run \\S+: (\\S+), (.*), (\\d+) ms");

    private RosterProcess() {
    }

    static Measured run(Path dir, String name, String heap, List<String> properties) throws Exception {
        String jar = System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = ChildJvm.java(dir, name, heap);
        cmd.addAll(List.of("-Droster.once=true", "-Dquarkus.http.port=0", "-Dcamel.main.routes-reload-enabled=false",
                "-Droster.progress-interval=0s"));
        cmd.addAll(properties);
        cmd.addAll(List.of("-jar", jar));
        ChildJvm.Measured p = ChildJvm.run(dir, name, cmd);
        Matcher m = SUMMARY.matcher(p.out());
        long runMillis = -1;
        Map<String, Long> counts = new LinkedHashMap<>();
        while (m.find()) {
            runMillis = Long.parseLong(m.group(4));
            for (String kv : m.group(3).split(", ")) {
                String[] pair = kv.split("=");
                if (pair.length == 2 && pair[1].chars().allMatch(Character::isDigit)) {
                    counts.put(pair[0], Long.parseLong(pair[1]));
                }
            }
        }
        return new Measured(p, runMillis, counts);
    }
}
