package io.roster.targets.sign;

import io.roster.plan.SignOrgState;

/**
 * What a Sign job keeps for the length of its run: the accounts' state as read, which its writes need (a group
 * created this run joins it, so the actions that name it find it).
 */
public final class SignSession {

    private volatile SignAccountsState state;

    public void state(SignAccountsState s) {
        this.state = s;
    }

    public SignOrgState org(String org) {
        return state.orgs().get(org);
    }
}
