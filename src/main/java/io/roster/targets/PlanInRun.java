package io.roster.targets;

import io.roster.state.Plans;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run keeps of a plan ({@link StoredPlans}), the same way for every target that plans batch by batch: a dry
 * run's changes, kept as its plan; or, for {@code roster apply}, the stored plan, which of its changes this run plans
 * too (exactly: same fingerprint), and those waiting to be sent once the whole source shows the plan still stands.
 *
 * @param <C> a target's change
 */
public final class PlanInRun<C> {

    private final List<Plans.Planned> planned = new ArrayList<>();
    private Plans.Plan plan;
    private final Set<String> prints = new HashSet<>();
    private final Set<String> plannedNow = new HashSet<>();
    private final List<C> applying = new ArrayList<>();

    /** A dry run's change, for its plan. */
    public synchronized void planned(Plans.Planned p) {
        planned.add(p);
    }

    public synchronized List<Plans.Planned> planned() {
        return new ArrayList<>(planned);
    }

    /** The run applies this stored plan (roster apply). */
    public synchronized void applying(Plans.Plan stored) {
        this.plan = stored;
        stored.changes().forEach(c -> prints.add(c.fingerprint()));
    }

    /** The stored plan the run applies, or null. */
    public synchronized Plans.Plan plan() {
        return plan;
    }

    /** Whether the stored plan has this change; if so, it is planned now, exactly as then. */
    public synchronized boolean plannedNow(String fingerprint) {
        if (prints.contains(fingerprint)) {
            plannedNow.add(fingerprint);
            return true;
        }
        return false;
    }

    public synchronized Set<String> plannedNow() {
        return new HashSet<>(plannedNow);
    }

    /** A change of the plan, to send once the plan is checked whole. */
    public synchronized void apply(C change) {
        applying.add(change);
    }

    public synchronized List<C> applying() {
        return new ArrayList<>(applying);
    }
}
