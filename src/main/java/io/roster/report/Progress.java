package io.roster.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A long run's progress line, at most once per interval: "1,500 of 10,000 changes applied (312/s), about 27 s left",
 * or without a total when the source is streamed: "12,000 people read (2,400/s)". The rate is over the whole run.
 */
public final class Progress {

    private final Instant started;
    private final Duration every;
    private Instant lastLine;

    public Progress(Instant started, Duration every) {
        this.started = started;
        this.every = every;
        this.lastLine = started;
    }

    /** The line to log now, if one is due: {@code done} of {@code total} (null when not known) {@code what}. */
    public synchronized Optional<String> due(long done, Long total, String what, Instant now) {
        if (every.isZero() || Duration.between(lastLine, now).compareTo(every) < 0) {
            return Optional.empty();
        }
        lastLine = now;
        return Optional.of(line(done, total, what, now));
    }

    /** The line for now, whether or not one is due: "4,100 of 10,000 changes applied (312/s), about 19 s left". */
    public String line(long done, Long total, String what, Instant now) {
        double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%,d", done));
        if (total != null) {
            line.append(String.format(Locale.ROOT, " of %,d", total));
        }
        line.append(' ').append(what).append(String.format(Locale.ROOT, " (%,.0f/s)", rate));
        if (total != null && rate > 0 && done < total) {
            line.append(", about ").append(human(Duration.ofMillis((long) ((total - done) / rate * 1000)))).append(" left");
        }
        return line.toString();
    }

    public static String human(Duration d) {
        long s = Math.max(1, Math.round(d.toMillis() / 1000.0));
        if (s < 90) {
            return s + " s";
        }
        if (s < 90 * 60) {
            return Math.round(s / 60.0) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
