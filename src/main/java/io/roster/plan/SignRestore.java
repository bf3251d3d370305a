package io.roster.plan;

import io.roster.plan.SignAction.GroupAssignment;
import io.roster.plan.SignAction.Kind;
import io.roster.plan.SignUser.Membership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Undoing a run in Sign: from the audit log's before-values of what that run changed, the changes that put each person
 * back, planned against what Sign holds now (a value someone changed back by hand since needs nothing). A pure function.
 * A user the run created cannot be put back (Sign deletes no user), nor one Sign no longer has: both are listed.
 */
public final class SignRestore {

    /** One audited change of the run to undo: the account, the person, the action, and the values it changed, before. */
    public record Audited(String org, String key, String action, Map<String, String> before) {
    }

    /**
     * @param actions        the changes that restore the earlier values
     * @param groupsToCreate per account, groups a restored person was in that Sign no longer has
     * @param notRestored    what cannot be restored, each with why
     */
    public record Restore(List<SignAction> actions, Map<String, Set<String>> groupsToCreate, List<String> notRestored) {
    }

    private SignRestore() {
    }

    public static Restore plan(String runId, List<Audited> audited, Map<String, SignOrgState> states) {
        // each person's values before the run: the earliest before-value of each field the run changed
        Map<String, Audited> first = new LinkedHashMap<>();
        Map<String, Map<String, String>> before = new LinkedHashMap<>();
        for (Audited a : audited) {
            String id = a.org() + "\u0000" + a.key();
            first.putIfAbsent(id, a);
            Map<String, String> values = before.computeIfAbsent(id, k -> new LinkedHashMap<>());
            a.before().forEach(values::putIfAbsent);
        }
        List<SignAction> actions = new ArrayList<>();
        Map<String, Set<String>> groupsToCreate = new LinkedHashMap<>();
        List<String> notRestored = new ArrayList<>();
        for (Map.Entry<String, Audited> e : first.entrySet()) {
            Audited a = e.getValue();
            SignOrgState state = states.get(a.org());
            SignUser have = state == null ? null : state.user(a.key());
            if (a.action().equals("create")) {
                notRestored.add(a.key() + " (" + a.org() + "): created by run " + runId + "; Sign deletes no user, so it"
                        + " stays (deactivate it by hand if it should not be there)");
                continue;
            }
            if (have == null) {
                notRestored.add(a.key() + " (" + a.org() + "): no longer in Sign");
                continue;
            }
            SignAction restore = restore(runId, a.org(), a.key(), have, before.get(e.getKey()), state, groupsToCreate);
            if (restore != null) {
                actions.add(restore);
            }
        }
        return new Restore(actions, groupsToCreate, notRestored);
    }

    private static SignAction restore(String runId, String org, String key, SignUser have, Map<String, String> was, SignOrgState state,
                                      Map<String, Set<String>> groupsToCreate) {
        List<String> changes = new ArrayList<>();
        Map<String, String> profile = new LinkedHashMap<>();
        for (String f : SignPlanner.PROFILE_FIELDS) {
            String v = was.get(f);
            String current = Objects.requireNonNullElse(have.profileField(f), "");
            if (v != null && !v.isEmpty() && !v.equals(current)) {
                profile.put(f, v);
                changes.add(f + " '" + current + "' → '" + v + "'");
            }
        }
        Boolean accountAdmin = null;
        String admin = was.get(SignPlanner.ACCOUNT_ADMIN);
        if (admin != null && Boolean.parseBoolean(admin) != have.accountAdmin()) {
            accountAdmin = Boolean.parseBoolean(admin);
            changes.add("account admin " + onOff(have.accountAdmin()) + " → " + onOff(accountAdmin));
        }
        List<GroupAssignment> groups = new ArrayList<>();
        Membership primary = have.primary();
        String currentGroup = primary == null ? "" : primary.groupName();
        boolean currentGroupAdmin = primary != null && primary.groupAdmin();
        String group = was.getOrDefault(SignPlanner.GROUP, "");
        String groupAdminWas = was.get(SignPlanner.GROUP_ADMIN);
        boolean groupAdmin = groupAdminWas == null ? currentGroupAdmin : Boolean.parseBoolean(groupAdminWas);
        String targetGroup = group.isEmpty() ? currentGroup : group;
        boolean moving = !targetGroup.isEmpty() && !targetGroup.equalsIgnoreCase(currentGroup);
        if (!targetGroup.isEmpty() && (moving || groupAdmin != currentGroupAdmin)) {
            groups.add(new GroupAssignment(targetGroup, true, groupAdmin));
            if (state.group(targetGroup) == null) {
                groupsToCreate.computeIfAbsent(org, o -> new LinkedHashSet<>()).add(targetGroup);
            }
            if (moving) {
                changes.add("group " + (currentGroup.isEmpty() ? "(none)" : currentGroup) + " → " + targetGroup);
            }
            if (groupAdmin != currentGroupAdmin) {
                changes.add("group admin " + onOff(currentGroupAdmin) + " → " + onOff(groupAdmin));
            }
        }
        String status = was.get(SignPlanner.STATUS);
        String newState = null;
        if (status != null && !status.equals(have.inactive() ? SignUser.INACTIVE : SignUser.ACTIVE)) {
            newState = status;
            changes.add(SignUser.INACTIVE.equals(status) ? "deactivate" : "reactivate");
        }
        if (changes.isEmpty()) {
            return null;
        }
        Kind kind = SignUser.INACTIVE.equals(newState) ? Kind.DEACTIVATE
                : SignUser.ACTIVE.equals(newState) ? Kind.REACTIVATE : Kind.UPDATE;
        Map<String, String> snapshot = SignPlanner.snapshot(have);
        Map<String, String> after = new LinkedHashMap<>(snapshot);
        after.putAll(profile);
        if (!groups.isEmpty()) {
            after.put(SignPlanner.GROUP, targetGroup);
            after.put(SignPlanner.GROUP_ADMIN, String.valueOf(groupAdmin));
        }
        if (accountAdmin != null) {
            after.put(SignPlanner.ACCOUNT_ADMIN, String.valueOf(accountAdmin));
        }
        if (newState != null) {
            after.put(SignPlanner.STATUS, newState);
        }
        return new SignAction(kind, org, key, have.email(), have.id(), profile,
                accountAdmin, groups, newState, "undo of run " + runId + ": " + String.join("; ", changes),
                "undo of run " + runId, snapshot, after);
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
