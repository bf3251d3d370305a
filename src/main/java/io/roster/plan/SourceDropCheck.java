package io.roster.plan;

import java.util.Optional;

/**
 * Safety: a source that suddenly returns far fewer people than the last completed run is taken as a broken export,
 * not as people leaving. The limit is a count ("300") or a share of the last count ("20%").
 */
public record SourceDropCheck(long count, int percent) {

    public static SourceDropCheck parse(String limit) {
        String s = limit.strip();
        try {
            if (s.endsWith("%")) {
                int p = Integer.parseInt(s.substring(0, s.length() - 1).strip());
                if (p < 0 || p > 100) {
                    throw new NumberFormatException();
                }
                return new SourceDropCheck(-1, p);
            }
            long n = Long.parseLong(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new SourceDropCheck(n, -1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("roster.safety.max-source-drop must be a count or a percentage like 20%, not '" + limit + "'");
        }
    }

    /** Why removals are withheld, when the drop from {@code previous} to {@code now} is larger than allowed. */
    public Optional<String> check(long previous, long now) {
        long drop = previous - now;
        long allowed = percent >= 0 ? previous * percent / 100 : count;
        if (drop <= allowed) {
            return Optional.empty();
        }
        return Optional.of("the source returned " + now + " people, " + drop + " fewer than the " + previous
                + " of the last completed run (more than roster.safety.max-source-drop=" + this + ")");
    }

    @Override
    public String toString() {
        return percent >= 0 ? percent + "%" : Long.toString(count);
    }
}
