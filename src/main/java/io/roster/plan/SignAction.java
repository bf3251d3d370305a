package io.roster.plan;

import io.roster.state.Json;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything to change for one person in one Sign account, applied as one unit by the writer.
 *
 * @param userId       the Sign user id; null when the user is to be created
 * @param profile      profile fields to set (firstName, lastName, company); all of them on create
 * @param accountAdmin the account-admin role to set; null leaves it
 * @param groups       memberships to write: at most one primary, plus groups whose admin role is dropped
 * @param state        ACTIVE (reactivate), INACTIVE (deactivate) or null
 * @param detail       what changes, for the report ("group: Default Group → Sales; account admin: off → on")
 * @param source       the source records behind it, or "Sign-only"
 * @param before       the managed values before (profile fields, group, roles, status); empty on create
 * @param after        the managed values once applied: what the audit log and the sync state record
 */
public record SignAction(Kind kind, String org, String key, String email, String userId,
                         Map<String, String> profile, Boolean accountAdmin, List<GroupAssignment> groups,
                         String state, String detail, String source, Map<String, String> before,
                         Map<String, String> after) {

    /** Where the change goes, as the state store names targets. */
    public String target() {
        return "sign:" + org;
    }

    public enum Kind { CREATE, UPDATE, REACTIVATE, DEACTIVATE, RESET, REMOVE_GROUPS, REMOVE_ROLES }

    /**
     * One membership entry to write; the group is named so groups created this run resolve at write time. {@code
     * remove}: the membership ends (an account with users in multiple groups; Sign's {@code status: DELETED}).
     */
    public record GroupAssignment(String groupName, boolean primary, boolean groupAdmin, boolean remove) {
        public GroupAssignment(String groupName, boolean primary, boolean groupAdmin) {
            this(groupName, primary, groupAdmin, false);
        }
    }

    public String reportName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The risky kinds of change this is, as a job's {@code holds:} names them; none for a create or a plain update. */
    public Set<HoldRules.Kind> holdKinds() {
        Set<HoldRules.Kind> kinds = EnumSet.noneOf(HoldRules.Kind.class);
        switch (kind) {
            case DEACTIVATE -> kinds.add(HoldRules.Kind.DEACTIVATE);
            case RESET, REMOVE_GROUPS -> kinds.add(HoldRules.Kind.RESET);
            case REMOVE_ROLES -> kinds.add(HoldRules.Kind.ROLE_REMOVAL);
            default -> {
            }
        }
        if (takenAway(SignPlanner.ACCOUNT_ADMIN) || takenAway(SignPlanner.GROUP_ADMIN)) {
            kinds.add(HoldRules.Kind.ROLE_REMOVAL);
        }
        String groupBefore = before.getOrDefault(SignPlanner.GROUP, "");
        if (kind == Kind.UPDATE && !groupBefore.isEmpty() && !groupBefore.equals(after.getOrDefault(SignPlanner.GROUP, ""))) {
            kinds.add(HoldRules.Kind.GROUP_MOVE);
        }
        // users in multiple groups: an ended membership is a move out of a group, admin of a group taken is a role
        // taken; the same holds gate them as a primary group's
        if (kind == Kind.UPDATE && before.containsKey(SignPlanner.GROUPS) && after.containsKey(SignPlanner.GROUPS)) {
            Map<String, Boolean> was = memberships(before.get(SignPlanner.GROUPS));
            Map<String, Boolean> will = memberships(after.get(SignPlanner.GROUPS));
            was.forEach((group, admin) -> {
                if (!will.containsKey(group)) {
                    kinds.add(HoldRules.Kind.GROUP_MOVE);
                } else if (admin && !will.get(group)) {
                    kinds.add(HoldRules.Kind.ROLE_REMOVAL);
                }
            });
        }
        return kinds;
    }

    /** A memberships field as {@link SignPlanner} writes it: group (lower case) → admin. */
    private static Map<String, Boolean> memberships(String field) {
        Map<String, Boolean> out = new java.util.HashMap<>();
        SignPlanner.parseMemberships(field).forEach((group, admin) -> out.put(group.toLowerCase(Locale.ROOT), admin));
        return out;
    }

    private boolean takenAway(String role) {
        return "true".equals(before.get(role)) && "false".equals(after.get(role));
    }

    /**
     * The same change to the same person, from the same values, in a later run has the same fingerprint: what an admin's
     * decision and a stored plan are about. A Sign user changed since (another value before) makes another change.
     */
    public String fingerprint() {
        Map<String, String> identity = new TreeMap<>();
        after.forEach((f, v) -> identity.put("after." + f, v));
        before.forEach((f, v) -> {
            if (!v.equals(after.get(f))) {
                identity.put("before." + f, v);
            }
        });
        for (GroupAssignment g : groups) {
            identity.put("group." + g.groupName(), g.remove() ? "removed"
                    : (g.primary() ? "primary" : "member") + (g.groupAdmin() ? ",admin" : ""));
        }
        identity.put("~target", target());
        identity.put("~key", key);
        identity.put("~action", reportName());
        return Json.hex(Json.digest(identity));
    }
}
