package io.roster.plan;

/**
 * The most Sign-only users one run may act on, as a count ({@code 100}) or a share of the account's active
 * users ({@code "5%"}). Above it, no Sign-only action runs for that account.
 */
public record SignOnlyLimit(long count, double percent) {

    public static final SignOnlyLimit NONE = new SignOnlyLimit(Long.MAX_VALUE, -1);

    public static SignOnlyLimit parse(Object value) {
        if (value == null || value.toString().isBlank()) {
            return NONE;
        }
        String s = value.toString().strip();
        try {
            if (s.endsWith("%")) {
                double p = Double.parseDouble(s.substring(0, s.length() - 1).strip());
                if (p < 0 || p > 100) {
                    throw new NumberFormatException();
                }
                return new SignOnlyLimit(-1, p);
            }
            long n = Long.parseLong(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new SignOnlyLimit(n, -1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sign_only_limit '" + s + "' must be a count like 100 or a percentage like 5%");
        }
    }

    /** The largest number of Sign-only users allowed in an account with this many active users. */
    public long max(long activeUsers) {
        return percent >= 0 ? (long) Math.floor(activeUsers * percent / 100.0) : count;
    }

    @Override
    public String toString() {
        return percent >= 0 ? percent + "%" : count == Long.MAX_VALUE ? "none" : Long.toString(count);
    }
}
