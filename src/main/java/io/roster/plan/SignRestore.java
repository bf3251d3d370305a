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

    /**
     * One audited change of the run to undo: the account, the person, the action, and the values it changed, before
     * and after.
     */
    public record Audited(String org, String key, String action, Map<String, String> before, Map<String, String> after) {
        public Audited(String org, String key, String action, Map<String, String> before) {
            this(org, key, action, before, Map.of());
        }
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
        Map<String, Map<String, String>> after = new LinkedHashMap<>(); // and what the run left: the latest after-value
        for (Audited a : audited) {
            String id = a.org() + "\u0000" + a.key();
            first.putIfAbsent(id, a);
            Map<String, String> values = before.computeIfAbsent(id, k -> new LinkedHashMap<>());
            a.before().forEach(values::putIfAbsent);
            after.computeIfAbsent(id, k -> new LinkedHashMap<>()).putAll(a.after());
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
            SignAction restore = restore(runId, a.org(), a.key(), have, before.get(e.getKey()), after.get(e.getKey()), state,
                    groupsToCreate);
            if (restore != null) {
                actions.add(restore);
            }
        }
        return new Restore(actions, groupsToCreate, notRestored);
    }

    private static SignAction restore(String runId, String org, String key, SignUser have, Map<String, String> was,
                                      Map<String, String> ranTo, SignOrgState state, Map<String, Set<String>> groupsToCreate) {
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
        Map<String, Boolean> memberships = otherMemberships(was, ranTo, have, targetGroup, groups, changes);
        memberships.keySet().stream().filter(g -> memberships.get(g) != null && state.group(g) == null)
                .forEach(g -> groupsToCreate.computeIfAbsent(org, o -> new LinkedHashSet<>()).add(g));
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
        if (!memberships.isEmpty()) {
            snapshot.put(SignPlanner.GROUPS, SignPlanner.describe(have));
            Map<String, Boolean> result = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            have.memberships().forEach(m -> result.put(m.groupName(), m.groupAdmin()));
            memberships.forEach((g, restoredAdmin) -> {
                if (restoredAdmin == null) {
                    result.remove(g);
                } else {
                    result.put(g, restoredAdmin);
                }
            });
            if (!targetGroup.isEmpty()) {
                result.put(targetGroup, groupAdmin);
            }
            after.put(SignPlanner.GROUPS, SignPlanner.describe(result, targetGroup));
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

    /**
     * Users in multiple groups: each membership other than the primary group that the run changed (began, ended, or
     * gave or took its admin role), and nobody changed since, is put back as it was; the audit log's {@code groups}
     * before and after tell. Adds the memberships to write to {@code groups}; returns group → admin to hold after the
     * undo, null for a membership ended.
     */
    private static Map<String, Boolean> otherMemberships(Map<String, String> was, Map<String, String> ranTo, SignUser have,
                                                         String primaryGroup, List<GroupAssignment> groups,
                                                         List<String> changes) {
        Map<String, Boolean> restored = new LinkedHashMap<>();
        if (!was.containsKey(SignPlanner.GROUPS) || ranTo == null || !ranTo.containsKey(SignPlanner.GROUPS)) {
            return restored; // one group per user, or the run changed no membership
        }
        Map<String, Boolean> before = caseless(SignPlanner.parseMemberships(was.get(SignPlanner.GROUPS)));
        Map<String, Boolean> ran = caseless(SignPlanner.parseMemberships(ranTo.get(SignPlanner.GROUPS)));
        Map<String, Boolean> now = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        have.memberships().forEach(m -> now.put(m.groupName(), m.groupAdmin()));
        Set<String> all = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        all.addAll(before.keySet());
        all.addAll(ran.keySet());
        for (String g : all) {
            Boolean wasAdmin = before.get(g);
            Boolean ranAdmin = ran.get(g);
            if (Objects.equals(wasAdmin, ranAdmin) || !Objects.equals(now.get(g), ranAdmin)
                    || g.equalsIgnoreCase(primaryGroup)) {
                continue; // the run did not change it, someone did since, or the primary group's restore sees to it
            }
            restored.put(g, wasAdmin);
            if (wasAdmin == null) {
                groups.add(new GroupAssignment(g, false, false, true));
                changes.add("membership in " + g + " ended");
            } else {
                groups.add(new GroupAssignment(g, false, wasAdmin));
                changes.add(ranAdmin == null ? "back in " + g + (wasAdmin ? " (group admin)" : "")
                        : "group admin of " + g + " " + onOff(ranAdmin) + " → " + onOff(wasAdmin));
            }
        }
        return restored;
    }

    private static Map<String, Boolean> caseless(Map<String, Boolean> memberships) {
        Map<String, Boolean> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        out.putAll(memberships);
        return out;
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
