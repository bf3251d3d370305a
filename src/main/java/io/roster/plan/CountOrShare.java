package io.roster.plan;

/**
 * A limit written as a count ({@code 100}) or a share of some total ({@code "5%"}), as the User Sync Tool writes
 * {@code sign_only_limit}. Used by every limit Roster reads this way.
 */
public record CountOrShare(long count, double percent) {

    /** @param setting how the admin knows the setting, for the error message */
    public static CountOrShare parse(String value, String setting) {
        String s = value.strip();
        try {
            if (s.endsWith("%")) {
                double p = Double.parseDouble(s.substring(0, s.length() - 1).strip());
                if (p < 0 || p > 100) {
                    throw new NumberFormatException();
                }
                return new CountOrShare(-1, p);
            }
            long n = Long.parseLong(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new CountOrShare(n, -1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " must be a count like 100 or a percentage like 5%, not '" + s + "'");
        }
    }

    /** The limit for this total: the count, or the share of it rounded down. */
    public long of(long total) {
        return percent >= 0 ? (long) Math.floor(total * percent / 100.0) : count;
    }

    @Override
    public String toString() {
        if (percent >= 0) {
            return (percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent)) + "%";
        }
        return count == Long.MAX_VALUE ? "none" : Long.toString(count);
    }

    /** Reads a setting as a count or a share, so a mistyped value stops Roster at start, naming the setting. */
    public static final class Setting implements org.eclipse.microprofile.config.spi.Converter<CountOrShare> {
        @Override
        public CountOrShare convert(String value) {
            return parse(value, "the value");
        }
    }
}
