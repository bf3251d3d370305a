package io.roster.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One measured run in a JVM of its own, Roster's or the baseline's, started alike: the same heap and the same JVM
 * options (Dockerfile.jvm's, then any the bench run adds), so neither runs on code the other has warmed. It reads
 * off the process: wall time, CPU time and peak resident memory (sampled from /proc) and peak heap (the largest heap
 * before a collection, from the GC log).
 */
final class ChildJvm {

    /** What one run measured; {@code out} is all it printed. */
    record Measured(int exit, long wallMillis, long cpuMillis, long peakRssMb, long peakHeapMb, String out) {
    }

    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ChildJvm() {
    }

    /**
     * The java command up to the main class or jar: a fixed heap (as Dockerfile.jvm gives Roster), GC log, the shared
     * JVM options and the bench run's own.
     */
    static List<String> java(Path dir, String name, String heap) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-Xlog:gc:file=" + dir.resolve(name + ".gc.log"), "-XX:+ExitOnOutOfMemoryError"));
        cmd.addAll(List.of(RosterBenchmark.JVM_OPTIONS.split("\\s+")));
        String extra = System.getProperty("bench.jvm-args", "").replace("{name}", name);
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.strip().split("\\s+")));
        }
        return cmd;
    }

    static Measured run(Path dir, String name, List<String> cmd) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
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
        return new Measured(p.exitValue(), wall, cpu, rssKb / 1024, peakHeapMb(dir.resolve(name + ".gc.log")),
                Files.readString(log));
    }

    /** The process's peak resident set so far (Linux); 0 where /proc is not there. */
    private static long vmHwmKb(long pid) {
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
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long peakHeapMb(Path gcLog) throws IOException {
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
