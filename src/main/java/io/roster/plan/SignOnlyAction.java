package io.roster.plan;

import java.util.Locale;

/** What happens to a user who is in Sign but not in the source (a "Sign-only" user), as in the User Sync Tool. */
public enum SignOnlyAction {
    /** Nothing. */
    EXCLUDE,
    /** Set INACTIVE, when the account allows deactivation ({@code deactivate_users}). */
    DEACTIVATE,
    /** Move to the default group and drop group-admin and account-admin roles. */
    RESET,
    /** Move to the default group, keep roles. */
    REMOVE_GROUPS,
    /** Drop group-admin and account-admin roles, keep the group. */
    REMOVE_ROLES;

    public static SignOnlyAction parse(String value) {
        if (value == null || value.isBlank()) {
            return EXCLUDE;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sign_only_user_action '" + value
                    + "' is not one of exclude, deactivate, reset, remove_groups, remove_roles");
        }
    }
}
