package io.roster.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sign:} section of a job file, in the User Sync Tool's shapes:
 * <pre>
 * sign:
 *   users: mapped                     # all | mapped | group Sales,Marketing
 *   user_sync:
 *     sign_only_limit: 100            # or "5%"
 *     sign_only_user_action: reset    # exclude | deactivate | reset | remove_groups | remove_roles
 *   user_management:
 *     - directory_group: Sales
 *       sign_group: Sales
 *       group_admin: false
 *       account_admin: false
 * </pre>
 * Rule order is priority: a person's Sign group is the first {@code sign_group} among the rules that match them;
 * admin roles are the union of the matching rules.
 */
public record SignSyncRules(UserScope scope, SignOnlyLimit signOnlyLimit, SignOnlyAction signOnlyAction,
                            List<UserManagementRule> rules, SignExclusions exclusions) {

    private static final List<String> USER_SYNC = List.of("sign_only_limit", "sign_only_user_action", "exclude_users",
            "exclude_groups", "keep_hand_made_admins");

    public SignSyncRules(UserScope scope, SignOnlyLimit signOnlyLimit, SignOnlyAction signOnlyAction,
                         List<UserManagementRule> rules) {
        this(scope, signOnlyLimit, signOnlyAction, rules, SignExclusions.NONE);
    }

    @JsonCreator
    public static SignSyncRules parse(@JsonProperty("users") String users,
                                      @JsonProperty("user_sync") Map<String, Object> userSync,
                                      @JsonProperty("user_management") List<UserManagementRule> rules) {
        Map<String, Object> us = userSync == null ? Map.of() : userSync;
        for (String key : us.keySet()) {
            if (!USER_SYNC.contains(key)) {
                throw new IllegalArgumentException("user_sync." + key + " is not a known setting "
                        + "(known: " + String.join(", ", USER_SYNC) + ")");
            }
        }
        List<UserManagementRule> positioned = new ArrayList<>();
        if (rules != null) {
            for (int i = 0; i < rules.size(); i++) {
                positioned.add(rules.get(i).at(i));
            }
        }
        Object action = us.get("sign_only_user_action");
        return new SignSyncRules(UserScope.parse(users), SignOnlyLimit.parse(us.get("sign_only_limit")),
                SignOnlyAction.parse(action == null ? null : action.toString()), List.copyOf(positioned),
                SignExclusions.parse(us.get("exclude_users"), us.get("exclude_groups"), us.get("keep_hand_made_admins")));
    }

    /** The Sign accounts a job addresses: the primary one, then each its rules name, in rule order. */
    public Set<String> accounts() {
        Set<String> orgs = new LinkedHashSet<>();
        orgs.add(UserManagementRule.PRIMARY);
        rules.forEach(r -> orgs.add(r.org()));
        return orgs;
    }

    public static SignSyncRules defaults() {
        return parse(null, null, null);
    }
}
