package io.roster.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Roster as its users run it: the packaged jar in its own JVM with a fixed heap ({@code roster.once}, one job), with
 * what the benchmark reads off it: the run's own duration and counts (its summary line), the process's wall time, its
 * peak resident memory (VmHWM, sampled from /proc) and its peak heap (the largest heap before a collection, from the
 * GC log).
 */
final class RosterProcess {

    /** What one run measured. */
    record Measured(int exit, long runMillis, long wallMillis, long cpuMillis, long peakRssMb, long peakHeapMb,
                    Map<String, Long> counts, String log) {
    }

    private static final Pattern SUMMARY = Pattern.compile("job (\\S+) run \\S+: (\\S+), (.*), (\\d+) ms");
    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private RosterProcess() {
    }

    static Measured run(Path dir, String name, String heap, List<String> properties) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Path gc = dir.resolve(name + ".gc.log");
        String jar = System.getProperty("roster.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xlog:gc:file=" + gc, "-XX:+ExitOnOutOfMemoryError",
                "-Droster.once=true", "-Dquarkus.http.port=0", "-Dcamel.main.routes-reload-enabled=false",
                "-Droster.progress-interval=0s"));
        // The JVM options Dockerfile.jvm runs Roster with (README, "JVM options"), then any the bench run adds.
        cmd.addAll(List.of(RosterBenchmark.ROSTER_JVM.split("\\s+")));
        String extra = System.getProperty("bench.jvm-args", "").replace("{name}", name);
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.strip().split("\\s+")));
        }
        cmd.addAll(properties);
        cmd.addAll(List.of("-jar", jar));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log.toString())).start();
        long rssKb = 0;
        long cpu = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            rssKb = Math.max(rssKb, vmHwmKb(p.pid()));
            cpu = Math.max(cpu, cpuMillis(p.pid()));
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not end within 30 minutes; see " + log);
            }
        }
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String out = Files.readString(log);
        Matcher m = SUMMARY.matcher(out);
        long runMillis = -1;
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        while (m.find()) {
            runMillis = Long.parseLong(m.group(4));
            for (String kv : m.group(3).split(", ")) {
                String[] pair = kv.split("=");
                if (pair.length == 2 && pair[1].chars().allMatch(Character::isDigit)) {
                    counts.put(pair[0], Long.parseLong(pair[1]));
                }
            }
        }
        return new Measured(p.exitValue(), runMillis, wall, cpu, rssKb / 1024, peakHeapMb(gc), counts, out);
    }

    /** The process's peak resident set so far (Linux); 0 where /proc is not there. */
    static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process just ended
        }
        return 0;
    }

    /** User and system CPU time the process has used so far (Linux, clock ticks of 10 ms); 0 without /proc. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long peakHeapMb(Path gcLog) throws IOException {
        long peak = 0;
        if (Files.exists(gcLog)) {
            Matcher m = HEAP.matcher(Files.readString(gcLog));
            while (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }
}
