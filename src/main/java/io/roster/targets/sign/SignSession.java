package io.roster.targets.sign;

import io.roster.plan.SignOrgState;
import io.roster.plan.SignPlan;

/** What a Sign job keeps for the length of its run: the accounts' state as read (groups grow as they are created) and its plan. */
public final class SignSession {

    private volatile SignAccountsState state;
    private volatile SignPlan plan;

    public SignAccountsState state() {
        return state;
    }

    public void state(SignAccountsState s) {
        this.state = s;
    }

    public SignPlan plan() {
        return plan;
    }

    public void plan(SignPlan p) {
        this.plan = p;
    }

    public SignOrgState org(String org) {
        return state.orgs().get(org);
    }
}
