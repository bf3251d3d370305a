package io.roster.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a Sign sync will do, worked out before anything is written.
 *
 * @param actions        changes to apply, one per person per account
 * @param groupsToCreate per account, Sign groups that rules name but the account lacks
 * @param unchanged      person/account pairs that already match
 * @param skipped        things intentionally not done, each with its reason (create_users off, key owner, …)
 * @param warnings       loud notices: a Sign-only limit exceeded, an empty source
 * @param blocked        accounts whose Sign-only actions were withheld for safety
 */
public record SignPlan(List<SignAction> actions, Map<String, Set<String>> groupsToCreate, long unchanged,
                       List<Skip> skipped, List<String> warnings, Set<String> blocked) {

    /** Something deliberately not done, with why. */
    public record Skip(String org, String email, String reason) {
    }
}
