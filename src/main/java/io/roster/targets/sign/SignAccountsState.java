package io.roster.targets.sign;

import io.roster.plan.SignOrgState;

import java.util.Map;

/** What every Sign account a job addresses holds now, by account: what the plan is made against. */
public record SignAccountsState(Map<String, SignOrgState> orgs) {
}
