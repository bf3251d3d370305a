package io.roster.console;

import io.roster.state.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A series over a job's runs, oldest first, as bars an SVG draws: each bar's height a share of the tallest, with the
 * run it stands for. Numbers only: the template draws and escapes.
 */
public record RunChart(String title, String unit, long max, List<Bar> bars) {

    /** One run's bar: x, y (its top) and height in the chart's 0–100 box, its value and its run. */
    public record Bar(int x, double y, int width, double height, long value, String runId) {
    }

    /** Bars a chart draws at most (each at least one unit of its 100 wide): the newest runs. */
    static final int RUNS = 100;

    /** Each chart the history shows, from runs newest first. */
    public static List<RunChart> of(List<RunRecord> newestFirst) {
        List<RunRecord> runs = new ArrayList<>(newestFirst.subList(0, Math.min(RUNS, newestFirst.size())));
        java.util.Collections.reverse(runs);
        return List.of(
                duration(runs),
                chart("Created", "people", runs, r -> count(r, "created")),
                chart("Updated", "people", runs, r -> count(r, "updated")),
                chart("Removed", "people", runs, r -> count(r, "deactivated") + count(r, "vanished") + count(r, "reset")),
                chart("Failures", "records", runs, r -> count(r, "failed")),
                chart("Requests", "to targets", runs, RunRecord::targetRequests),
                chart("Throttled", "answers asking to wait", runs, RunRecord::targetThrottled));
    }

    /** Durations in seconds, or in milliseconds where every run took less than 10 s (else each bar would be 0). */
    private static RunChart duration(List<RunRecord> runs) {
        long longest = runs.stream().mapToLong(r -> r.durationMs() == null ? 0 : r.durationMs()).max().orElse(0);
        return longest < 10_000 ? chart("Duration", "ms", runs, r -> r.durationMs() == null ? 0 : r.durationMs())
                : chart("Duration", "s", runs, r -> r.durationMs() == null ? 0 : r.durationMs() / 1000);
    }

    private static long count(RunRecord r, String name) {
        Map<String, Long> counts = r.counts();
        Long v = counts == null ? null : counts.get(name);
        return v == null ? 0 : v;
    }

    static RunChart chart(String title, String unit, List<RunRecord> runs, ToLongFunction<RunRecord> value) {
        long max = 0;
        for (RunRecord r : runs) {
            max = Math.max(max, value.applyAsLong(r));
        }
        List<Bar> bars = new ArrayList<>();
        int n = Math.max(1, runs.size());
        int width = Math.max(1, 100 / n);
        for (int i = 0; i < runs.size(); i++) {
            long v = value.applyAsLong(runs.get(i));
            double h = Math.round((max == 0 ? 0 : Math.max(v == 0 ? 0 : 1, 100.0 * v / max)) * 10) / 10.0;
            bars.add(new Bar(i * 100 / n, Math.round((100 - h) * 10) / 10.0, width, h, v, runs.get(i).runId()));
        }
        return new RunChart(title, unit, max, bars);
    }
}
