package io.roster.plan;

import io.roster.state.RemovalBaseline;

import java.util.Optional;

/**
 * The one policy that gates every removal, for every target: Sign-only actions, Signature 365's vanished people, and
 * any target to come. A source that read only part of itself, returned nobody, or returned far fewer people than the
 * {@link RemovalBaseline} is taken as a broken export, not as people leaving. The run that trips it is never a
 * baseline itself, so the removals stay withheld run after run until the source comes back or an admin accepts the
 * new size. The limit is a count ("300") or a share of the baseline ("20%").
 */
public record RemovalGuard(CountOrShare maxDrop, boolean despiteRejections) {

    public static final String SETTING = "roster.safety.max-source-drop";
    public static final String REJECTIONS_SETTING = "roster.safety.removals-despite-rejections";

    public static RemovalGuard parse(String maxDrop, boolean despiteRejections) {
        return new RemovalGuard(CountOrShare.parse(maxDrop, SETTING), despiteRejections);
    }

    /** What the run's source read came to, as far as removals are concerned. */
    public record SourceRead(Integer people, String incomplete, long rejected) {

        /** A read with nothing wrong in it but its count. */
        public static SourceRead of(Integer people) {
            return new SourceRead(people, null, 0);
        }
    }

    /**
     * Why this run's removals are withheld, if they are.
     *
     * @param read     valid people the source returned (null when its read was not whole), why the read stopped
     *                 early (or null), and how many of its records were rejected
     * @param baseline what the count is measured against; empty before the first clean run
     * @param job      the job, to name the command that accepts a new size
     */
    public Optional<String> withhold(SourceRead read, Optional<RemovalBaseline> baseline, String job) {
        Integer now = read.people();
        if (read.incomplete() != null) {
            return Optional.of("the source read is not complete (" + read.incomplete() + ")");
        }
        if (now == null) {
            return Optional.of("the source read is not complete");
        }
        if (read.rejected() > 0 && !despiteRejections) {
            return Optional.of(read.rejected() + (read.rejected() == 1 ? " source record was" : " source records were")
                    + " rejected (see the dead-letter store): a rejected record may be someone still there whose address"
                    + " or data was mistyped, so no one is removed this run; correct the records, or set "
                    + REJECTIONS_SETTING + "=true");
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
