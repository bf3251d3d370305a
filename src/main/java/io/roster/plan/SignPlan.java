package io.roster.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a Sign sync will do, worked out before anything is written.
 *
 * <b>actions</b>: changes to apply, one per person per account
 * <b>groupsToCreate</b>: per account, Sign groups that rules name but the account lacks
 * <b>unchanged</b>: person/account pairs that already match
 * <b>skipped</b>: things intentionally not done, each with its reason (create_users off, key owner, …)
 * <b>warnings</b>: loud notices: a Sign-only limit exceeded, an empty source
 * <b>blocked</b>: accounts whose Sign-only actions were withheld for safety
 * <b>overLimit</b>: the Sign-only actions an account's sign_only_limit withheld: held for an admin, who may approve them
 * <b>claimed</b>: per account, the people of the source this job manages there (the planner's plan only)
 */
public final class SignPlan {

    // A class, not a record: ${body.actions} in a route makes Camel look the body up in a cache by its hash, and a
    // record would hash every planned action.
    private final List<SignAction> actions;
    private final Map<String, Set<String>> groupsToCreate;
    private final long unchanged;
    private final List<Skip> skipped;
    private final List<String> warnings;
    private final Set<String> blocked;
    private final List<SignAction> overLimit;
    private final Map<String, List<String>> claimed;

    public SignPlan(List<SignAction> actions, Map<String, Set<String>> groupsToCreate, long unchanged,
                    List<Skip> skipped, List<String> warnings, Set<String> blocked) {
        this(actions, groupsToCreate, unchanged, skipped, warnings, blocked, List.of());
    }

    public SignPlan(List<SignAction> actions, Map<String, Set<String>> groupsToCreate, long unchanged,
                    List<Skip> skipped, List<String> warnings, Set<String> blocked, List<SignAction> overLimit) {
        this(actions, groupsToCreate, unchanged, skipped, warnings, blocked, overLimit, Map.of());
    }

    public SignPlan(List<SignAction> actions, Map<String, Set<String>> groupsToCreate, long unchanged,
                    List<Skip> skipped, List<String> warnings, Set<String> blocked, List<SignAction> overLimit,
                    Map<String, List<String>> claimed) {
        this.claimed = claimed;
        this.overLimit = overLimit;
        this.actions = actions;
        this.groupsToCreate = groupsToCreate;
        this.unchanged = unchanged;
        this.skipped = skipped;
        this.warnings = warnings;
        this.blocked = blocked;
    }

    /** Per account, the people of the source this job manages there (in Sign, or created now): its claims. */
    public Map<String, List<String>> claimed() {
        return claimed;
    }

    public List<SignAction> actions() {
        return actions;
    }

    public Map<String, Set<String>> groupsToCreate() {
        return groupsToCreate;
    }

    public long unchanged() {
        return unchanged;
    }

    public List<Skip> skipped() {
        return skipped;
    }

    public List<String> warnings() {
        return warnings;
    }

    public Set<String> blocked() {
        return blocked;
    }

    public List<SignAction> overLimit() {
        return overLimit;
    }

    /** Something deliberately not done, with why. */
    public record Skip(String org, String email, String reason) {
    }
}
