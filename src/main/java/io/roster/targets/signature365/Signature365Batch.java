package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.state.TargetRejection;

import java.util.List;

/**
 * One batch on its way to Signature 365: the people to send, and those already turned away for the dead-letter store.
 * <b>clearing</b>: the batch empties the fields of people who left the source (they are forgotten once it lands).
 * <p>
 * A class, not a record: a route's ${body.x} makes Camel look the body up in a cache by its hash, and a record would
 * hash all 500 people each time (so would ${body.upserts.size}, on the list: routes ask for {@link #changes}).
 */
public final class Signature365Batch {

    private final List<Signature365Upsert> upserts;
    private final List<TargetRejection> rejected;
    private final boolean clearing;

    public Signature365Batch(List<Signature365Upsert> upserts, List<TargetRejection> rejected, boolean clearing) {
        this.upserts = upserts;
        this.rejected = rejected;
        this.clearing = clearing;
    }

    public List<Signature365Upsert> upserts() {
        return upserts;
    }

    public List<TargetRejection> rejected() {
        return rejected;
    }

    /** How many people the batch sends. */
    public int changes() {
        return upserts.size();
    }

    public boolean clearing() {
        return clearing;
    }
}
