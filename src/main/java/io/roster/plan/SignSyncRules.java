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
 * admin roles are the union of the matching rules. In an account with users in multiple groups ({@code
 * roster.sign.orgs.<org>.multiple-groups}, or {@code user_sync.umg: true} for every account of the job, as the User
 * Sync Tool 2.11 writes it) a person gets every group their rules name, the first as primary; {@code sign_group} may
 * be a list, and {@code admin_groups} names the groups of it the person administers. A membership in a group no rule
 * names is left alone unless {@code user_sync.remove_other_groups: true}.
 *
 * @param multipleGroups    {@code user_sync.umg}: every account of this job has users in multiple groups
 * @param removeOtherGroups {@code user_sync.remove_other_groups}: memberships in groups no rule names are removed too
 */
public record SignSyncRules(UserScope scope, SignOnlyLimit signOnlyLimit, SignOnlyAction signOnlyAction,
                            List<UserManagementRule> rules, SignExclusions exclusions, boolean multipleGroups,
                            boolean removeOtherGroups) {

    private static final List<String> USER_SYNC = List.of("sign_only_limit", "sign_only_user_action", "exclude_users",
            "exclude_groups", "keep_hand_made_admins", "umg", "remove_other_groups");

    public SignSyncRules(UserScope scope, SignOnlyLimit signOnlyLimit, SignOnlyAction signOnlyAction,
                         List<UserManagementRule> rules) {
        this(scope, signOnlyLimit, signOnlyAction, rules, SignExclusions.NONE);
    }

    public SignSyncRules(UserScope scope, SignOnlyLimit signOnlyLimit, SignOnlyAction signOnlyAction,
                         List<UserManagementRule> rules, SignExclusions exclusions) {
        this(scope, signOnlyLimit, signOnlyAction, rules, exclusions, false, false);
    }

    /** The groups of this account any rule names (lower case): the memberships Roster manages there. */
    public Set<String> groupsNamed(String org) {
        Set<String> out = new LinkedHashSet<>();
        for (UserManagementRule r : rules) {
            if (r.org().equals(org) && r.signGroup() != null) {
                out.add(r.signGroup().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    @JsonCreator
    public static SignSyncRules fromJobFile(@JsonProperty("users") String users,
                                      @JsonProperty("user_sync") Map<String, Object> userSync,
                                      @JsonProperty("user_management") List<Map<String, Object>> rules) {
        List<UserManagementRule> expanded = new ArrayList<>();
        if (rules != null) {
            for (int i = 0; i < rules.size(); i++) {
                expanded.addAll(UserManagementRule.fromJobFile(rules.get(i), i));
            }
        }
        return of(users, userSync, expanded);
    }

    /** Rules already made (placed by their own positions where set), with the user_sync settings. */
    public static SignSyncRules parse(String users, Map<String, Object> userSync, List<UserManagementRule> rules) {
        List<UserManagementRule> positioned = new ArrayList<>();
        for (int i = 0; rules != null && i < rules.size(); i++) {
            positioned.add(rules.get(i).position() > 0 ? rules.get(i) : rules.get(i).at(i));
        }
        return of(users, userSync, positioned);
    }

    private static SignSyncRules of(String users, Map<String, Object> userSync, List<UserManagementRule> positioned) {
        Map<String, Object> us = userSync == null ? Map.of() : userSync;
        for (String key : us.keySet()) {
            if (!USER_SYNC.contains(key)) {
                throw new IllegalArgumentException("user_sync." + key + " is not a known setting "
                        + "(known: " + String.join(", ", USER_SYNC) + ")");
            }
        }
        Object action = us.get("sign_only_user_action");
        return new SignSyncRules(UserScope.parse(users), SignOnlyLimit.parse(us.get("sign_only_limit")),
                SignOnlyAction.parse(action == null ? null : action.toString()), List.copyOf(positioned),
                SignExclusions.parse(us.get("exclude_users"), us.get("exclude_groups"), us.get("keep_hand_made_admins")),
                flag(us, "umg"), flag(us, "remove_other_groups"));
    }

    private static boolean flag(Map<String, Object> us, String key) {
        Object v = us.get(key);
        if (v == null || v instanceof Boolean) {
            return Boolean.TRUE.equals(v);
        }
        String t = v.toString().strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return t.equals("true");
        }
        throw new IllegalArgumentException("user_sync." + key + " is '" + v + "': use true or false");
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
