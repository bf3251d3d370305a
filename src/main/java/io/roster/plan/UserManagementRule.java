package io.roster.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code user_management} rule, as the User Sync Tool writes it:
 * <pre>
 * - directory_group: Sign Users 1 Admins
 *   sign_group: Group 1          # or org2::Group 1 for another Sign account; blank for roles only
 *   group_admin: true
 *   account_admin: false
 * </pre>
 * A blank {@code sign_group} applies its roles to the primary account; {@code org2::} (no group) applies them to org2.
 * For accounts with users in multiple groups, {@code sign_group} may be a list, and {@code admin_groups} the groups of
 * it the person administers (the User Sync Tool 2.11's shapes): the rule stands for one rule per group, in order, at
 * the same priority.
 */
public record UserManagementRule(String directoryGroup, String org, String signGroup, boolean groupAdmin,
                                 boolean accountAdmin, int position) {

    public static final String PRIMARY = "primary";

    private static final Set<String> KEYS = Set.of("directory_group", "sign_group", "group_admin", "account_admin",
            "admin_groups");

    /** One rule of a job file, at its place: one rule per group its {@code sign_group} names. */
    static List<UserManagementRule> fromJobFile(Map<String, Object> raw, int position) {
        String where = "user_management rule " + (position + 1);
        if (raw == null) {
            throw new IllegalArgumentException(where + " is empty");
        }
        for (String key : raw.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": " + key + " is not a key of a rule (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        Object dg = raw.get("directory_group");
        Object sg = raw.get("sign_group");
        Boolean groupAdmin = bool(raw.get("group_admin"), where + ": group_admin");
        Boolean accountAdmin = bool(raw.get("account_admin"), where + ": account_admin");
        List<String> groups = new ArrayList<>();
        if (sg instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException(where + ": sign_group is an empty list");
            }
            list.forEach(g -> groups.add(g == null ? null : g.toString()));
        } else {
            groups.add(sg == null ? null : sg.toString());
        }
        Set<String> admins = new java.util.HashSet<>();
        Object ag = raw.get("admin_groups");
        if (ag != null) {
            if (!(ag instanceof List<?> list)) {
                throw new IllegalArgumentException(where + ": admin_groups must be a list of the rule's sign groups");
            }
            list.forEach(g -> admins.add(String.valueOf(g).strip().toLowerCase(Locale.ROOT)));
            for (String a : admins) {
                if (groups.stream().noneMatch(g -> g != null && g.strip().toLowerCase(Locale.ROOT).equals(a))) {
                    throw new IllegalArgumentException(where + ": admin_groups names " + a + ", which is not in its"
                            + " sign_group");
                }
            }
        }
        List<UserManagementRule> out = new ArrayList<>();
        for (String g : groups) {
            boolean admin = ag != null ? g != null && admins.contains(g.strip().toLowerCase(Locale.ROOT))
                    : Boolean.TRUE.equals(groupAdmin);
            out.add(parse(dg == null ? null : dg.toString(), g, admin, accountAdmin).at(position));
        }
        return out;
    }

    private static Boolean bool(Object v, String what) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        String t = v.toString().strip().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return t.equals("true");
        }
        throw new IllegalArgumentException(what + " is '" + v + "': use true or false");
    }

    public static UserManagementRule parse(String directoryGroup, String signGroup, Boolean groupAdmin,
                                           Boolean accountAdmin) {
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
