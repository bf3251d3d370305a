package io.roster.plan;

import java.util.Optional;

/**
 * Safety: a source that suddenly returns far fewer people than the last completed run is taken as a broken export,
 * not as people leaving. The limit is a count ("300") or a share of the last count ("20%").
 */
public record SourceDropCheck(CountOrShare limit) {

    public static SourceDropCheck parse(String limit) {
        return new SourceDropCheck(CountOrShare.parse(limit, "roster.safety.max-source-drop"));
    }

    /** Why removals are withheld, when the drop from {@code previous} to {@code now} is larger than allowed. */
    public Optional<String> check(long previous, long now) {
        long drop = previous - now;
        if (drop <= limit.of(previous)) {
            return Optional.empty();
        }
        return Optional.of("the source returned " + now + " people, " + drop + " fewer than the " + previous
                + " of the last completed run (more than roster.safety.max-source-drop=" + limit + ")");
    }

    @Override
    public String toString() {
        return limit.toString();
    }
}
