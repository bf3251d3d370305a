package io.roster.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One {@code user_management} rule, as the User Sync Tool writes it:
 * <pre>
 * - directory_group: Sign Users 1 Admins
 *   sign_group: Group 1          # or org2::Group 1 for another Sign account; blank for roles only
 *   group_admin: true
 *   account_admin: false
 * </pre>
 * A blank {@code sign_group} applies its roles to the primary account; {@code org2::} (no group) applies them to org2.
 */
public record UserManagementRule(String directoryGroup, String org, String signGroup, boolean groupAdmin,
                                 boolean accountAdmin, int position) {

    public static final String PRIMARY = "primary";

    @JsonCreator
    public static UserManagementRule parse(@JsonProperty("directory_group") String directoryGroup,
                                           @JsonProperty("sign_group") String signGroup,
                                           @JsonProperty("group_admin") Boolean groupAdmin,
                                           @JsonProperty("account_admin") Boolean accountAdmin) {
        if (directoryGroup == null || directoryGroup.isBlank()) {
            throw new IllegalArgumentException("a user_management rule has no directory_group");
        }
        String org = PRIMARY;
        String group = signGroup == null ? null : signGroup.strip();
        if (group != null) {
            int sep = group.indexOf("::");
            if (sep >= 0) {
                org = group.substring(0, sep).strip();
                group = group.substring(sep + 2).strip();
                if (org.isEmpty()) {
                    throw new IllegalArgumentException("sign_group '" + signGroup + "' has '::' but no org before it");
                }
            }
            if (group.isEmpty()) {
                group = null;
            }
        }
        return new UserManagementRule(directoryGroup.strip(), org, group,
                Boolean.TRUE.equals(groupAdmin), Boolean.TRUE.equals(accountAdmin), 0);
    }

    UserManagementRule at(int position) {
        return new UserManagementRule(directoryGroup, org, signGroup, groupAdmin, accountAdmin, position);
    }

    public String describe() {
        return "user_management rule " + (position + 1) + " (" + directoryGroup + " → "
                + (PRIMARY.equals(org) ? "" : org + "::") + (signGroup == null ? "(no group)" : signGroup) + ")";
    }
}
