package io.roster.plan;

/**
 * The most Sign-only users one run may act on, as a count ({@code 100}) or a share of the account's active
 * users ({@code "5%"}). Above it, no Sign-only action runs for that account.
 */
public record SignOnlyLimit(CountOrShare limit) {

    public static final SignOnlyLimit NONE = new SignOnlyLimit(new CountOrShare(Long.MAX_VALUE, -1));

    public static SignOnlyLimit parse(Object value) {
        if (value == null || value.toString().isBlank()) {
            return NONE;
        }
        return new SignOnlyLimit(CountOrShare.parse(value.toString(), "sign_only_limit"));
    }

    /** The largest number of Sign-only users allowed in an account with this many active users. */
    public long max(long activeUsers) {
        return limit.of(activeUsers);
    }

    @Override
    public String toString() {
        return limit.toString();
    }
}
