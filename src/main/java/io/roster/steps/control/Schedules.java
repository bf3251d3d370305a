package io.roster.steps.control;

import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.URISupport;
import org.quartz.CronExpression;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a job's trigger can run: a {@code timer:} with a {@code period} Camel understands ("1h", "30m", "90000"),
 * or a {@code quartz:} with a valid {@code cron} ({@code +} for spaces). Checked before Camel starts, in every mode, so
 * a bad schedule is one clear line naming the job, not a stack trace, and never a job that silently stops running.
 */
public final class Schedules {

    /** Milliseconds, or amounts with units as Camel reads them ("1h30m", "45s", "250ms", "1d"). */
    private static final Pattern TIME = Pattern.compile(
            "\\s*\\d+\\s*|(\\s*\\d+\\s*(ms|millis|milliseconds|s|sec|secs|seconds|m|min|mins|minutes|h|hour|hours|d|day|days)\\s*)+",
            Pattern.CASE_INSENSITIVE);

    private Schedules() {
    }

    /** What is wrong with the trigger's endpoint (placeholders already resolved), or empty. */
    public static Optional<String> problem(String uri) {
        Map<String, Object> params;
        try {
            params = URISupport.parseParameters(URISupport.createURIWithQuery(new URI(uri.replace(" ", "%20")),
                    uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : null));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.of("'" + uri + "' is not a valid endpoint (" + e.getMessage() + ")");
        }
        if (uri.startsWith("timer:")) {
            for (String name : new String[] {"period", "delay"}) {
                Object value = params.get(name);
                if (value == null) {
                    continue;
                }
                if (!TIME.matcher(value.toString()).matches()) {
                    return Optional.of("the timer's " + name + " '" + value + "' is not a time (e.g. 1h, 30m, 1h30m)");
                }
                try {
                    long millis = TimeUtils.toMilliSeconds(value.toString());
                    if (name.equals("period") && millis <= 0) {
                        return Optional.of("the timer's period '" + value + "' is not a positive time (e.g. 1h, 30m, 1h30m)");
                    }
                } catch (RuntimeException e) {
                    return Optional.of("the timer's " + name + " '" + value + "' is not a time (e.g. 1h, 30m, 1h30m)");
                }
            }
        } else if (uri.startsWith("quartz:")) {
            Object cron = params.get("cron");
            if (cron != null) {
                String expression = cron.toString().replace('+', ' ');
                try {
                    CronExpression.validateExpression(expression);
                } catch (ParseException e) {
                    return Optional.of("the cron '" + expression + "' is not valid: " + e.getMessage()
                            + " (seconds minutes hours day-of-month month day-of-week [year], e.g. 0 0 2 * * ?)");
                }
            }
        }
        return Optional.empty();
    }
}
