package io.roster.targets.entra;

import io.roster.plan.EntraPlanner;
import io.roster.state.TargetRejection;

import java.util.List;

/**
 * One source batch, planned for Entra ID: the users' attributes to set, and the people turned away for the dead-letter
 * store. A class, not a record: a route's ${body.rejected} makes Camel look the body up in a cache by its hash.
 */
public final class EntraPlanned {

    private final List<EntraPlanner.Change> changes;
    private final List<TargetRejection> rejected;

    public EntraPlanned(List<EntraPlanner.Change> changes, List<TargetRejection> rejected) {
        this.changes = changes;
        this.rejected = rejected;
    }

    public List<EntraPlanner.Change> changes() {
        return changes;
    }

    public List<TargetRejection> rejected() {
        return rejected;
    }
}
