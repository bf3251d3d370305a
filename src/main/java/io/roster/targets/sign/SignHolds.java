package io.roster.targets.sign;

import io.roster.plan.HoldRules;
import io.roster.plan.Holds;
import io.roster.plan.SignAction;
import io.roster.plan.SignOrgState;
import io.roster.plan.SignPlan;
import io.roster.report.RunReport.Entry;
import io.roster.report.RunReport;
import io.roster.state.HeldAction;
import io.roster.state.HeldActions;
import io.roster.state.HoldSettings;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds a Sign plan's risky changes for an admin ({@code holds:} in the job file): per account, a kind of change past
 * its limit waits, listed in the state store and in the run's report, while the rest goes ahead; changes an admin
 * approved go ahead with this run, and ones rejected are left out.
 */
@ApplicationScoped
public class SignHolds {

    private final HeldActions store;
    private final HoldSettings settings;

    public SignHolds(HeldActions store, HoldSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** The plan with what waits taken out; unchanged when the job holds nothing. */
    public SignPlan apply(SignPlan plan, SignAccountsState accounts, HoldRules rules, TargetRun run) {
        if (!rules.any()) {
            return plan;
        }
        RunReport report = run.report();
        if (!run.dryRun()) {
            store.expire(settings.expireAfter());
        }
        Map<String, String> decisions = store.decisions(run.job());
        Set<String> undecided = store.undecided(run.job());
        Set<String> approved = new HashSet<>();
        Set<String> rejected = new HashSet<>();
        decisions.forEach((f, status) -> (HeldAction.APPROVED.equals(status) ? approved : rejected).add(f));
        List<SignAction> go = new ArrayList<>();
        List<HeldActions.ToHold> held = new ArrayList<>();
        List<String> released = new ArrayList<>();
        for (Map.Entry<String, SignOrgState> org : accounts.orgs().entrySet()) {
            List<SignAction> ofOrg = plan.actions().stream().filter(a -> a.org().equals(org.getKey())).toList();
            Holds.Split<SignAction> split = Holds.split(ofOrg, SignAction::holdKinds, SignAction::fingerprint, rules,
                    approved, rejected, org.getValue().activeUsers(), "org " + org.getKey());
            go.addAll(split.go());
            split.go().stream().map(SignAction::fingerprint).filter(f -> approved.contains(f) || undecided.contains(f))
                    .forEach(released::add);
            split.why().forEach(report::warn);
            String reason = String.join("; ", split.why());
            for (SignAction a : split.held()) {
                held.add(new HeldActions.ToHold(a.target(), a.key(), a.email(), a.reportName(), a.fingerprint(),
                        a.detail(), reason));
                report.record(new Entry(a.email(), a.org(), "held", a.reportName() + ": " + a.detail()));
            }
            for (SignAction a : split.rejected()) {
                report.record(new Entry(a.email(), a.org(), "skipped", a.reportName() + " rejected by an admin: "
                        + a.detail()));
            }
        }
        if (!held.isEmpty()) {
            report.actionsHeld();
        }
        if (!run.dryRun()) {
            store.hold(run.job(), run.id(), held);
            store.released(run.job(), run.id(), released);
        }
        return new SignPlan(go, plan.groupsToCreate(), plan.unchanged(), plan.skipped(), plan.warnings(), plan.blocked());
    }
}
