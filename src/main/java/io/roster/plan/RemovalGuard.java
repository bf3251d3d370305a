package io.roster.plan;

import java.util.Optional;

/**
 * The one policy that gates every removal, for every target: Sign-only actions, Signature 365's vanished people, and
 * any target to come. A source that read only part of itself, returned nobody, or returned far fewer people than the
 * {@link RemovalBaseline} is taken as a broken export, not as people leaving. The run that trips it is never a
 * baseline itself, so the removals stay withheld run after run until the source comes back or an admin accepts the
 * new size. The limit is a count ("300") or a share of the baseline ("20%").
 */
public record RemovalGuard(CountOrShare maxDrop) {

    public static final String SETTING = "roster.safety.max-source-drop";

    public static RemovalGuard parse(String maxDrop) {
        return new RemovalGuard(CountOrShare.parse(maxDrop, SETTING));
    }

    /**
     * Why this run's removals are withheld, if they are.
     *
     * @param now      valid people the source returned, or null when its read was not whole
     * @param baseline what {@code now} is measured against; empty before the first clean run
     * @param job      the job, to name the command that accepts a new size
     */
    public Optional<String> withhold(Integer now, Optional<RemovalBaseline> baseline, String job) {
        if (now == null) {
            return Optional.of("the source read is not complete");
        }
        if (now == 0) {
            return Optional.of("the source returned nobody");
        }
        if (baseline.isEmpty()) {
            return Optional.empty();
        }
        long previous = baseline.get().people();
        long drop = previous - now;
        if (drop <= maxDrop.of(previous)) {
            return Optional.empty();
        }
        return Optional.of("the source returned " + now + " people, " + drop + " fewer than the " + previous + " of "
                + baseline.get().what() + " (more than " + SETTING + "=" + maxDrop + "); removals stay withheld until"
                + " the source is back or an admin accepts the new size (roster.safety.accept-source-size=" + now
                + " with roster.jobs=" + job + ", or POST /roster/jobs/" + job + "/accept-source-size?people=" + now + ")");
    }

    @Override
    public String toString() {
        return maxDrop.toString();
    }
}
