package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.state.Change;
import io.roster.state.TargetRejection;

import java.util.List;
import java.util.Set;

/**
 * One request on its way to Signature 365: the people to send. <b>clearing</b>: the request empties the fields of
 * people who left the source (they are forgotten once it lands). Once sent, it carries what landed (for the journal,
 * which follows behind the next request's send) and whom Signature 365 refused (for the dead-letter store).
 * <p>
 * A class, not a record: a route's ${body.x} makes Camel look the body up in a cache by its hash, and a record would
 * hash all 500 people each time (so would ${body.upserts.size}, on the list: routes ask for {@link #changes}).
 */
public final class Signature365Batch {

    private final List<Signature365Upsert> upserts;
    private final boolean clearing;
    private volatile Sent sent = new Sent(List.of(), Set.of(), List.of());

    /**
     * What the send brought back.
     *
     * @param landed  the changes Signature 365 took, as the journal records them
     * @param known   their keys that already have a sync-state row
     * @param refused the users Signature 365 refused one by one
     */
    public record Sent(List<Change> landed, Set<String> known, List<TargetRejection> refused) {
    }

    public Signature365Batch(List<Signature365Upsert> upserts, boolean clearing) {
        this.upserts = upserts;
        this.clearing = clearing;
    }

    public List<Signature365Upsert> upserts() {
        return upserts;
    }

    /** How many people the batch sends. */
    public int changes() {
        return upserts.size();
    }

    public boolean clearing() {
        return clearing;
    }

    public Sent sent() {
        return sent;
    }

    void sent(Sent s) {
        this.sent = s;
    }

    /** The users Signature 365 refused one by one, once sent. */
    public List<TargetRejection> refused() {
        return sent.refused();
    }
}
