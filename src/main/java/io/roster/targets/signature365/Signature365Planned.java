package io.roster.targets.signature365;

import io.roster.plan.Signature365Planner.Outgoing;
import io.roster.state.TargetRejection;

import java.util.List;

/**
 * One source batch, planned: the people to send (they join the run's outbox), and those turned away for the
 * dead-letter store. A class, not a record: a route's ${body.rejected} makes Camel look the body up in a cache by its
 * hash, and a record would hash all 500 people each time.
 */
public final class Signature365Planned {

    private final List<Outgoing> outgoing;
    private final List<TargetRejection> rejected;

    public Signature365Planned(List<Outgoing> outgoing, List<TargetRejection> rejected) {
        this.outgoing = outgoing;
        this.rejected = rejected;
    }

    public List<Outgoing> outgoing() {
        return outgoing;
    }

    public List<TargetRejection> rejected() {
        return rejected;
    }

    /** How many people the batch sends. */
    public int changes() {
        return outgoing.size();
    }
}
