package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;

import java.util.List;

/**
 * One request on its way to Signature 365: the people to send. <b>clearing</b>: the request empties the fields of
 * people who left the source (they are forgotten once it lands).
 */
public record Signature365Batch(List<Signature365Upsert> upserts, boolean clearing) {

    public Signature365Batch {
        upserts = List.copyOf(upserts);
    }

    /** How many people the batch sends. */
    public int changes() {
        return upserts.size();
    }
}
