package io.roster.targets.sign;

import io.roster.plan.HoldRules;
import io.roster.plan.SignAction;
import io.roster.plan.SignOrgState;
import io.roster.plan.SignPlan;
import io.roster.report.RunReport.Entry;
import io.roster.state.HeldActions;
import io.roster.targets.HeldChanges;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds a Sign plan's risky changes for an admin ({@code holds:} in the job file), per account: a kind of change past
 * its limit (a count, or a share of the account's active users) waits, while the rest goes ahead. The Sign-only
 * actions an account's {@code sign_only_limit} withheld wait the same way, so an admin can let them through.
 */
@ApplicationScoped
public class SignHolds {

    private static final HeldChanges.Described<SignAction> SIGN = new HeldChanges.Described<>() {
        @Override
        public Set<HoldRules.Kind> kinds(SignAction a) {
            return a.holdKinds();
        }

        @Override
        public String fingerprint(SignAction a) {
            return a.fingerprint();
        }

        @Override
        public HeldActions.ToHold toHold(SignAction a, String fingerprint, String reason) {
            return new HeldActions.ToHold(a.target(), a.key(), a.email(), a.reportName(), fingerprint, a.detail(), reason);
        }

        @Override
        public Entry entry(SignAction a, String action) {
            return new Entry(a.email(), a.org(), action, a.reportName() + (action.equals("held") ? ": " : " rejected by"
                    + " an admin: ") + a.detail());
        }
    };

    private final HeldChanges held;

    public SignHolds(HeldChanges held) {
        this.held = held;
    }

    /**
     * The plan with what waits taken out; unchanged when the job holds nothing. {@code whole}: everything the run
     * plans (for {@code roster apply}, more than the stored plan's changes): held changes it no longer plans retire.
     */
    public SignPlan apply(SignPlan plan, SignPlan whole, SignAccountsState accounts, HoldRules rules, TargetRun run) {
        held.settle(run, "sign:", () -> {
            Set<String> planned = new HashSet<>();
            whole.actions().forEach(a -> planned.add(a.fingerprint()));
            whole.overLimit().forEach(a -> planned.add(a.fingerprint()));
            return planned;
        });
        if (!rules.any() && plan.overLimit().isEmpty()) {
            return plan;
        }
        HeldChanges.Decisions decisions = held.decisions(run);
        List<SignAction> go = new ArrayList<>();
        for (Map.Entry<String, SignOrgState> org : accounts.orgs().entrySet()) {
            List<SignAction> ofOrg = plan.actions().stream().filter(a -> a.org().equals(org.getKey())).toList();
            go.addAll(rules.any()
                    ? held.go(ofOrg, SIGN, rules, decisions, org.getValue().activeUsers(), "org " + org.getKey(), run)
                    : ofOrg);
        }
        // the Sign-only actions past sign_only_limit: each waits for an admin, who may approve it
        go.addAll(held.goIfApproved(plan.overLimit(), SIGN, "past sign_only_limit", decisions, run));
        return new SignPlan(go, plan.groupsToCreate(), plan.unchanged(), plan.skipped(), plan.warnings(), plan.blocked());
    }
}
