package io.roster.plan;

/**
 * The per-account switches the planner obeys (the User Sync Tool's connector settings).
 *
 * @param adminKey email key of the integration key's owner, never touched; may be empty
 */
public record OrgPolicy(String org, String adminKey, boolean createUsers, boolean deactivateUsers) {
}
