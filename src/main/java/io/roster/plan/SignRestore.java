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
                    groupsToCreate, notRestored);
            if (restore != null) {
                actions.add(restore);
            }
        }
        return new Restore(actions, groupsToCreate, notRestored);
    }

    private static SignAction restore(String runId, String org, String key, SignUser have, Map<String, String> was,
                                      Map<String, String> ranTo, SignOrgState state, Map<String, Set<String>> groupsToCreate,
                                      List<String> notRestored) {
        // users in multiple groups: the memberships before the run and as it left them, read against the account's groups
        Map<String, Boolean> wasIn = was.containsKey(SignPlanner.GROUPS)
                ? readMemberships(was.get(SignPlanner.GROUPS), state, have) : Map.of();
        Map<String, Boolean> ranIn = ranTo != null && ranTo.containsKey(SignPlanner.GROUPS)
                ? readMemberships(ranTo.get(SignPlanner.GROUPS), state, have) : null;
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
        String targetGroup = group.isEmpty() ? currentGroup : group;
        // the audit keeps only what changed: the admin role of a primary group the run moved away from, when it does not
        // name it, was as the memberships before say; otherwise it stays as it is now
        boolean groupAdmin = groupAdminWas != null ? Boolean.parseBoolean(groupAdminWas)
                : !group.isEmpty() && wasIn.containsKey(targetGroup) ? wasIn.get(targetGroup) : currentGroupAdmin;
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
        Map<String, Boolean> memberships = ranIn == null || wasIn.isEmpty() ? Map.of()
                : otherMemberships(org, key, wasIn, ranIn, have, state, targetGroup, groups, changes, notRestored);
        // the primary first, then memberships begun, then those ended: the user is never without a primary group
        groups.sort(java.util.Comparator.comparingInt(g -> g.primary() ? 0 : g.remove() ? 2 : 1));
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
        if (!wasIn.isEmpty() && !groups.isEmpty()) { // so an undo of this undo has its memberships too
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
     * gave or took its admin role), and nobody changed since, is put back as it was. Adds the memberships to write to
     * {@code groups}; returns group → admin to hold after the undo, null for a membership ended. A membership in a group
     * Sign no longer has is not put back (nor the group made again): it is listed.
     */
    private static Map<String, Boolean> otherMemberships(String org, String key, Map<String, Boolean> before,
                                                         Map<String, Boolean> ran, SignUser have, SignOrgState state,
                                                         String primaryGroup, List<GroupAssignment> groups,
                                                         List<String> changes, List<String> notRestored) {
        Map<String, Boolean> restored = new LinkedHashMap<>();
        Map<String, Boolean> now = current(have);
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
            if (wasAdmin != null && state.group(g) == null) {
                notRestored.add(key + " (" + org + "): the membership in " + g + " that the run ended is not put back:"
                        + " Sign no longer has that group");
                continue;
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

    private static Map<String, Boolean> current(SignUser have) {
        Map<String, Boolean> now = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        have.memberships().forEach(m -> now.put(m.groupName(), m.groupAdmin()));
        return now;
    }

    /**
     * The audit's memberships field ({@link SignPlanner#parseMemberships}) read against the groups the account has and
     * the user is in: a group's own name may hold ", " or end in " (group admin)", so the longest run of parts that
     * names a known group is taken as one; a part naming none is read as written.
     */
    static Map<String, Boolean> readMemberships(String field, SignOrgState state, SignUser have) {
        Map<String, Boolean> in = current(have);
        java.util.function.Predicate<String> known = name -> state.group(name) != null || in.containsKey(name);
        String mark = " (group admin)";
        String[] parts = field == null ? new String[0] : field.split(", ");
        Map<String, Boolean> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < parts.length; ) {
            int end = -1;
            for (int j = parts.length - 1; j >= i && end < 0; j--) {
                String joined = String.join(", ", java.util.Arrays.copyOfRange(parts, i, j + 1));
                if (joined.endsWith(mark) && known.test(joined.substring(0, joined.length() - mark.length()))) {
                    out.put(joined.substring(0, joined.length() - mark.length()), true);
                    end = j;
                } else if (known.test(joined)) {
                    out.put(joined, false);
                    end = j;
                }
            }
            if (end < 0) { // a group Sign no longer has: as written
                SignPlanner.parseMemberships(parts[i]).forEach(out::put);
                end = i;
            }
            i = end + 1;
        }
        return out;
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
