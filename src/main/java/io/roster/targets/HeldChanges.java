package io.roster.targets;

import io.roster.plan.HoldRules;
import io.roster.plan.Holds;
import io.roster.report.RunReport.Entry;
import io.roster.report.RunReport;
import io.roster.state.HeldAction;
import io.roster.state.HeldActions;
import io.roster.state.HoldSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Holds a target's risky changes for an admin ({@code holds:} in a job file), the same way for every target: the
 * decision is {@link Holds}'; what waits is recorded in the state store and listed in the run's report, what an admin
 * approved goes ahead and is released, what was rejected is left out.
 */
@ApplicationScoped
public class HeldChanges {

    /** How a target describes one of its changes: identity, risky kinds, and how it reads in the store and the report. */
    public interface Described<A> {
        Set<HoldRules.Kind> kinds(A change);

        String fingerprint(A change);

        HeldActions.ToHold toHold(A change, String fingerprint, String reason);

        /** The report's line for it ("held" or "skipped"), with the target or account it is for. */
        Entry entry(A change, String action);
    }

    /** The decisions that stand for a run's job, read once per run. */
    public record Decisions(Set<String> approved, Set<String> rejected, Set<String> undecided) {
    }

    private final HeldActions store;
    private final HoldSettings settings;

    public HeldChanges(HeldActions store, HoldSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Expires what waited too long, then reads the decisions on the job's held changes. */
    public Decisions decisions(TargetRun run) {
        if (!run.dryRun()) {
            store.expire(settings.expireAfter());
        }
        Set<String> approved = new HashSet<>();
        Set<String> rejected = new HashSet<>();
        store.decisions(run.job()).forEach((f, status) -> (HeldAction.APPROVED.equals(status) ? approved : rejected).add(f));
        return new Decisions(approved, rejected, store.undecided(run.job()));
    }

    /**
     * The changes that go ahead; the rest wait (recorded, reported, the run ends as needing a look) or were rejected.
     *
     * @param total what a share limit is of
     * @param where names the account or target in the reason
     */
    public <A> List<A> go(List<A> changes, Described<A> described, HoldRules rules, Decisions decisions, long total,
                          String where, TargetRun run) {
        Map<A, String> prints = fingerprints(changes, described);
        Holds.Split<A> split = Holds.split(changes, described::kinds, prints::get, rules, decisions.approved(),
                decisions.rejected(), total, where);
        split.why().forEach(run.report()::warn);
        return record(split, prints, described, String.join("; ", split.why()), decisions, run);
    }

    /**
     * Changes a safety limit withheld as a whole (Sign's sign_only_limit): each waits for an admin; an approved one goes
     * ahead, a rejected one never does. The limit's own warning says why.
     */
    public <A> List<A> goIfApproved(List<A> changes, Described<A> described, String reason, Decisions decisions,
                                    TargetRun run) {
        Map<A, String> prints = fingerprints(changes, described);
        return record(Holds.all(changes, prints::get, decisions.approved(), decisions.rejected()), prints, described,
                reason, decisions, run);
    }

    /** Each change's fingerprint, worked out once (by identity: a change's own hash code would hash all of it). */
    private static <A> Map<A, String> fingerprints(List<A> changes, Described<A> described) {
        Map<A, String> out = new IdentityHashMap<>();
        changes.forEach(a -> out.put(a, described.fingerprint(a)));
        return out;
    }

    /** Records what waits and reports it; what goes ahead after a decision or a wait is released once the run ends. */
    private <A> List<A> record(Holds.Split<A> split, Map<A, String> prints, Described<A> described, String reason,
                               Decisions decisions, TargetRun run) {
        RunReport report = run.report();
        List<HeldActions.ToHold> held = new ArrayList<>();
        for (A a : split.held()) {
            held.add(described.toHold(a, prints.get(a), reason));
            report.record(described.entry(a, "held"));
        }
        split.rejected().forEach(a -> report.record(described.entry(a, "skipped")));
        Map<String, String> released = new HashMap<>(); // fingerprint → person
        for (A a : split.go()) {
            String f = prints.get(a);
            if (decisions.approved().contains(f) || decisions.undecided().contains(f)) {
                released.put(f, described.toHold(a, f, "").key());
            }
        }
        if (!held.isEmpty()) {
            report.actionsHeld();
        }
        if (!run.dryRun()) {
            store.hold(run.job(), run.id(), held);
            releaseWhenDone(released, run);
        }
        return split.go();
    }

    /**
     * The decided or waiting changes this run applies are released once it has ended as a whole (not stopped, not
     * failed) and they landed: a run that fails, or a change the target refused, keeps its approval for the next.
     */
    private void releaseWhenDone(Map<String, String> released, TargetRun run) {
        if (!released.isEmpty()) {
            run.beforeEnd(() -> {
                RunReport report = run.report();
                if (report.error() == null && report.interruption() == null) {
                    // a change the target refused stays approved: the next run tries it again without a new hold
                    store.released(run.job(), run.id(), released.entrySet().stream()
                            .filter(e -> !report.failedFor(e.getValue())).map(Map.Entry::getKey).toList());
                }
            });
        }
    }

    /**
     * After a live run judged a target's changes: held ones of it that this run neither held again nor applies are no
     * longer planned (the source was fixed, the person changed), so they no longer wait.
     */
    public void settle(TargetRun run, String targetPrefix, Supplier<Set<String>> stillPlanned) {
        RunReport report = run.report();
        if (run.dryRun() || report.changesOnly() != null || report.removalsWithheld().isPresent()) {
            return; // a read that shows only what changed, or a broken one, cannot tell what is no longer planned
        }
        Set<String> gone = new HashSet<>(store.waiting(run.job(), targetPrefix));
        if (gone.isEmpty()) {
            return; // nothing waits: no change need be fingerprinted
        }
        gone.removeAll(stillPlanned.get());
        store.superseded(run.job(), run.id(), gone);
    }
}
