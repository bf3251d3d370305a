package io.roster.plan;

/**
 * The per-account switches the planner obeys (the User Sync Tool's connector settings).
 *
 * @param adminKey       email key of the integration key's owner, never touched; may be empty
 * @param multipleGroups the account has users in multiple groups (UMG) on: a person gets every group their rules
 *                       name, not only the first
 */
public record OrgPolicy(String org, String adminKey, boolean createUsers, boolean deactivateUsers,
                        boolean multipleGroups) {

    public OrgPolicy(String org, String adminKey, boolean createUsers, boolean deactivateUsers) {
        this(org, adminKey, createUsers, deactivateUsers, false);
    }
}
