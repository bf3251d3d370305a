package io.roster.plan;

import io.roster.mapping.Emails;
import io.roster.mapping.MappedPeople;
import io.roster.mapping.Person;
import io.roster.plan.SignAction.GroupAssignment;
import io.roster.plan.SignAction.Kind;
import io.roster.plan.SignPlan.Skip;
import io.roster.plan.SignUser.Membership;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Works out, for every Sign account, what must change so that Sign matches the source under the job's rules —
 * a pure function of (people, Sign state, rules, account switches). Nothing here talks to Sign.
 */
public final class SignPlanner {

    /** Profile fields Roster manages when mapped; all of them are visible in Sign's user list, so diffs are free. */
    public static final List<String> PROFILE_FIELDS = List.of("firstName", "lastName", "company");

    /** The mapped field most-recent-wins reads: when the source last changed the person. */
    public static final String UPDATED_AT = "updatedAt";

    public static final String GROUP = "group";
    static final String GROUP_ADMIN = "groupAdmin";
    static final String ACCOUNT_ADMIN = "accountAdmin";
    public static final String STATUS = "status";

    public SignPlan plan(MappedPeople source, Map<String, SignOrgState> states, SignSyncRules rules,
                         Map<String, OrgPolicy> policies) {
        return plan(source, states, rules, policies, History.none());
    }

    public SignPlan plan(MappedPeople source, Map<String, SignOrgState> states, SignSyncRules rules,
                         Map<String, OrgPolicy> policies, History history) {
        List<SignAction> actions = new ArrayList<>();
        Map<String, Set<String>> groupsToCreate = new LinkedHashMap<>();
        List<Skip> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> blocked = new LinkedHashSet<>();
        List<SignAction> overLimit = new ArrayList<>();
        Map<String, List<String>> claimed = new LinkedHashMap<>();
        long unchanged = 0;

        List<Person> inScope = new ArrayList<>(source.people().size());
        for (Person p : source.people()) {
            if (rules.scope().includes(p, rules.rules())) {
                inScope.add(p);
            }
        }
        boolean signOnlyActs = rules.signOnlyAction() != SignOnlyAction.EXCLUDE && !history.changesOnly();
        for (var entry : states.entrySet()) {
            String org = entry.getKey();
            SignOrgState state = entry.getValue();
            OrgPolicy policy = policies.get(org);
            boolean multi = policy.multipleGroups() || rules.multipleGroups();
            // who this account takes, and who each of them is in it now: looked up once per person
            List<Person> targeted = new ArrayList<>(inScope.size());
            List<SignUser> existing = new ArrayList<>(inScope.size());
            for (Person p : inScope) {
                if (targets(p, org, rules)) {
                    targeted.add(p);
                    existing.add(state.user(p.key()));
                }
            }
            history.prefetch(org, profileDiffers(targeted, existing));
            List<String> claimedHere = new ArrayList<>(targeted.size());
            for (int i = 0; i < targeted.size(); i++) {
                Person p = targeted.get(i);
                if (p.key().equals(policy.adminKey())) {
                    skipped.add(new Skip(org, p.email(), "owner of the integration key (admin_email) is never changed"));
                    continue;
                }
                String excluded = rules.exclusions().why(p.email(), existing.get(i));
                if (excluded != null) {
                    skipped.add(new Skip(org, p.email(), excluded));
                    continue;
                }
                SignUser have = existing.get(i);
                String owner = history.otherJobs().owner(org, p.key());
                if (owner != null) {
                    skipped.add(new Skip(org, p.email(), "managed by job " + owner
                            + ", whose source held this user first; left as it is"));
                    if (have != null) {
                        claimedHere.add(p.key()); // next in line, should the first job's source let them go
                    }
                    continue;
                }
                Desired want = resolve(p, org, rules);
                for (String g : multi ? want.groups.keySet() : want.group == null ? Set.<String>of() : Set.of(want.group)) {
                    if (state.group(g) == null) {
                        groupsToCreate.computeIfAbsent(org, o -> new LinkedHashSet<>()).add(g);
                    }
                }
                // with multiple groups, the memberships are worked out below, beside the rest of the person's change
                Desired single = multi && !want.groups().isEmpty() ? want.withoutGroups() : want;
                SignAction action = have == null
                        ? create(p, org, single, state, policy, skipped)
                        : update(p, org, single, have, state, history, rules.exclusions().keepHandMadeAdmins(), skipped);
                if (multi && (action != null || have != null)) {
                    action = memberships(action, p, org, want, have, state, rules.groupsNamed(org),
                            rules.removeOtherGroups());
                }
                if (action != null) {
                    actions.add(action);
                } else if (have != null) {
                    unchanged++;
                }
                if (have != null || action != null) {
                    claimedHere.add(p.key()); // a user this job manages: in Sign, or created now
                }
            }
            claimed.put(org, claimedHere);
            if (signOnlyActs) {
                // the account's users no targeted person matched; the same user objects the look-ups returned
                Set<SignUser> matched = Collections.newSetFromMap(new IdentityHashMap<>());
                existing.forEach(u -> {
                    if (u != null) {
                        matched.add(u);
                    }
                });
                signOnly(org, state, matched, source, rules, policy, history, actions, skipped, warnings, blocked,
                        overLimit, multi);
            }
        }
        return new SignPlan(actions, groupsToCreate, unchanged, skipped, warnings, blocked, overLimit, claimed);
    }

    /**
     * The people of this account whose Sign profile differs from the source: only they need Roster's last writes
     * (to tell an edit made in Sign), so those are read for them alone, in one go.
     */
    private static List<String> profileDiffers(List<Person> targeted, List<SignUser> existing) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < targeted.size(); i++) {
            SignUser have = existing.get(i);
            if (have != null && profileDiffers(targeted.get(i), have)) {
                keys.add(targeted.get(i).key());
            }
        }
        return keys;
    }

    /** What Sign holds in a field, in NFC as the source's values are ({@link SignUser} keeps it so). */
    private static String held(SignUser have, String field) {
        return Objects.requireNonNullElse(have.profileField(field), "");
    }

    private static boolean profileDiffers(Person p, SignUser have) {
        for (String f : PROFILE_FIELDS) {
            String v = p.field(f);
            if (v != null && !v.isEmpty() && !v.equals(held(have, f))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a person in scope belongs in this account: the primary takes everyone unless the scope is mapped. */
    private static boolean targets(Person p, String org, SignSyncRules rules) {
        for (UserManagementRule r : rules.rules()) {
            if (r.org().equals(org) && p.inGroup(r.directoryGroup())) {
                return true;
            }
        }
        return UserManagementRule.PRIMARY.equals(org) && rules.scope().kind() != UserScope.Kind.MAPPED;
    }

    /** The rules of this account that match the person, in priority order: what their Sign group and roles come from. */
    public static List<UserManagementRule> matching(Person p, String org, SignSyncRules rules) {
        List<UserManagementRule> out = new ArrayList<>();
        for (UserManagementRule r : rules.rules()) {
            if (r.org().equals(org) && p.inGroup(r.directoryGroup())) {
                out.add(r);
            }
        }
        return out;
    }

    static Desired resolve(Person p, String org, SignSyncRules rules) {
        String group = null;
        boolean groupAdmin = false;
        boolean accountAdmin = false;
        Map<String, Boolean> groups = new LinkedHashMap<>(); // every group the rules name, in priority order: admin?
        Map<String, String> names = new LinkedHashMap<>();
        boolean adminWithoutGroup = false;
        for (UserManagementRule r : matching(p, org, rules)) {
            if (group == null && r.signGroup() != null) {
                group = r.signGroup();
            }
            groupAdmin |= r.groupAdmin();
            accountAdmin |= r.accountAdmin();
            if (r.signGroup() != null) {
                String k = r.signGroup().toLowerCase(java.util.Locale.ROOT);
                names.putIfAbsent(k, r.signGroup());
                groups.merge(k, r.groupAdmin(), Boolean::logicalOr);
            } else {
                adminWithoutGroup |= r.groupAdmin();
            }
        }
        Map<String, Boolean> byName = new LinkedHashMap<>();
        groups.forEach((k, admin) -> byName.put(names.get(k), admin));
        if (adminWithoutGroup && !byName.isEmpty()) { // a role-only rule's group admin is for the primary group
            byName.put(group, true);
        }
        return new Desired(group, groupAdmin, accountAdmin, byName, false);
    }

    /**
     * What the rules give a person in one account: the primary group (the first rule's), admin of it (single-group
     * accounts: any rule's group_admin), account admin, and every group the rules name with whether it is
     * administered (accounts with users in multiple groups).
     */
    record Desired(String group, boolean groupAdmin, boolean accountAdmin, Map<String, Boolean> groups,
                   boolean groupsElsewhere) {
        /** The same for a change whose memberships are worked out apart ({@link #memberships}). */
        Desired withoutGroups() {
            return new Desired(null, false, accountAdmin, Map.of(), true);
        }
    }

    /** A snapshot's field for every membership of a user in an account with users in multiple groups. */
    public static final String GROUPS = "groups";

    /**
     * In an account with users in multiple groups: the memberships to write so the person is in every group their
     * rules give (the first primary, admin per group), and out of the groups Roster manages that the rules no longer
     * give — any group a rule of this job names for the account, and the Default Group once they have another; with
     * {@code remove_other_groups} any group. A membership someone made by hand in a group no rule names is kept.
     * Folded into the person's change, or one of its own; null when nothing differs.
     */
    private static SignAction memberships(SignAction action, Person p, String org, Desired want, SignUser have,
                                          SignOrgState state, Set<String> managed, boolean removeOthers) {
        if (want.groups().isEmpty()) {
            return action; // the rules name no group: memberships are left as they are
        }
        SignGroup def = state.defaultGroup();
        List<Membership> current = have != null ? have.memberships() : def == null ? List.of()
                : List.of(new Membership(def.id(), def.name(), false, true)); // where Sign puts a new user
        Map<String, Membership> byName = new LinkedHashMap<>();
        current.forEach(m -> byName.put(lower(m.groupName()), m));
        Membership primaryNow = current.stream().filter(Membership::primary).findFirst().orElse(null);
        Set<String> wanted = new LinkedHashSet<>();
        want.groups().keySet().forEach(g -> wanted.add(lower(g)));
        List<GroupAssignment> entries = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, Boolean> g : want.groups().entrySet()) {
            boolean primary = g.getKey().equalsIgnoreCase(want.group());
            boolean admin = g.getValue();
            Membership m = byName.get(lower(g.getKey()));
            if (m == null) {
                entries.add(new GroupAssignment(g.getKey(), primary, admin));
                changes.add("group " + g.getKey() + " added" + (primary ? " as primary" : "")
                        + (admin ? " (group admin)" : ""));
            } else if (m.groupAdmin() != admin || primary && !m.primary()) {
                entries.add(new GroupAssignment(m.groupName(), primary, admin));
                if (primary && !m.primary()) {
                    changes.add("primary group " + (primaryNow == null ? "(none)" : primaryNow.groupName()) + " → "
                            + m.groupName());
                }
                if (m.groupAdmin() != admin) {
                    changes.add("group admin of " + m.groupName() + " " + onOff(m.groupAdmin()) + " → " + onOff(admin));
                }
            }
        }
        for (Membership m : current) {
            String k = lower(m.groupName());
            boolean isDefault = def != null && m.groupId().equals(def.id());
            if (!wanted.contains(k) && (removeOthers || isDefault || managed.contains(k))) {
                entries.add(new GroupAssignment(m.groupName(), false, false, true));
                changes.add("group " + m.groupName() + " removed");
            }
        }
        if (entries.isEmpty()) {
            return action;
        }
        // a new primary first, then the other memberships, then what ends: Sign never sees a user without a primary
        entries.sort(java.util.Comparator.comparingInt(e -> e.remove() ? 2 : e.primary() ? 0 : 1));
        boolean primaryAdmin = Boolean.TRUE.equals(want.groups().get(want.group()));
        if (have == null) { // a create: its groups, as the user will have them
            Map<String, String> after = new LinkedHashMap<>(action.after());
            after.put(GROUP, want.group());
            after.put(GROUP_ADMIN, String.valueOf(primaryAdmin));
            after.put(GROUPS, describe(want.groups(), want.group()));
            return new SignAction(action.kind(), org, action.key(), action.email(), null, action.profile(),
                    action.accountAdmin(), entries, action.state(), "groups " + describe(want.groups(), want.group())
                    + (want.accountAdmin() ? ", account admin" : ""), action.source(), action.before(), after);
        }
        Map<String, String> before = action != null ? action.before() : snapshot(have);
        before = new LinkedHashMap<>(before);
        before.put(GROUPS, describe(have));
        Map<String, String> after = new LinkedHashMap<>(action != null ? action.after() : snapshot(have));
        after.put(GROUP, want.group());
        after.put(GROUP_ADMIN, String.valueOf(primaryAdmin));
        Map<String, Boolean> kept = new LinkedHashMap<>();
        for (Membership m : current) {
            if (!entries.contains(new GroupAssignment(m.groupName(), false, false, true))) {
                kept.put(m.groupName(), m.groupAdmin());
            }
        }
        want.groups().forEach((g, admin) -> {
            kept.keySet().removeIf(k -> k.equalsIgnoreCase(g));
            kept.put(g, admin);
        });
        after.put(GROUPS, describe(kept, want.group()));
        String detail = (action == null ? "" : action.detail() + "; ") + String.join("; ", changes);
        return new SignAction(action == null ? Kind.UPDATE : action.kind(), org, Emails.key(have.email()),
                have.email(), have.id(), action == null ? Map.of() : action.profile(),
                action == null ? null : action.accountAdmin(), entries, action == null ? null : action.state(), detail,
                action == null ? p.rows() : action.source(), before, after);
    }

    /** Memberships as the audit shows them: the primary first, then by name; "(group admin)" where administered. */
    static String describe(Map<String, Boolean> groups, String primary) {
        List<String> out = new ArrayList<>();
        groups.forEach((g, admin) -> {
            if (g.equalsIgnoreCase(primary)) {
                out.add(0, g + (admin ? " (group admin)" : ""));
            }
        });
        groups.entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase(primary))
                .sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
                .forEach(e -> out.add(e.getKey() + (e.getValue() ? " (group admin)" : "")));
        return String.join(", ", out);
    }

    /**
     * A memberships field as {@link #describe(Map, String)} writes it ("Sales (group admin), Marketing"): group →
     * group admin, in its order (the primary group first), the groups' names as written.
     */
    static Map<String, Boolean> parseMemberships(String field) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String m : field == null ? new String[0] : field.split(", ")) {
            if (!m.isBlank()) {
                boolean admin = m.endsWith(GROUP_ADMIN_MARK);
                out.put(admin ? m.substring(0, m.length() - GROUP_ADMIN_MARK.length()) : m, admin);
            }
        }
        return out;
    }

    private static final String GROUP_ADMIN_MARK = " (group admin)";

    static String describe(SignUser u) {
        Map<String, Boolean> groups = new LinkedHashMap<>();
        u.memberships().forEach(m -> groups.put(m.groupName(), m.groupAdmin()));
        Membership primary = u.primary();
        return describe(groups, primary == null ? null : primary.groupName());
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static SignAction create(Person p, String org, Desired want, SignOrgState state, OrgPolicy policy,
                                     List<Skip> skipped) {
        if (!policy.createUsers()) {
            skipped.add(new Skip(org, p.email(), "not in Sign, and create_users is off for this account"));
            return null;
        }
        Map<String, String> profile = new LinkedHashMap<>();
        for (String f : PROFILE_FIELDS) {
            String v = p.field(f);
            if (v != null && !v.isEmpty()) {
                profile.put(f, v);
            }
        }
        String group = want.group != null ? want.group : state.defaultGroup().name();
        List<GroupAssignment> groups = new ArrayList<>();
        boolean isDefault = state.defaultGroup() != null && group.equalsIgnoreCase(state.defaultGroup().name());
        if (!isDefault || want.groupAdmin) {
            groups.add(new GroupAssignment(group, true, want.groupAdmin));
        }
        String detail = "group " + group + (want.groupAdmin ? " (group admin)" : "")
                + (want.accountAdmin ? ", account admin" : "");
        Map<String, String> after = new LinkedHashMap<>(profile);
        after.put(GROUP, group);
        after.put(GROUP_ADMIN, String.valueOf(want.groupAdmin));
        after.put(ACCOUNT_ADMIN, String.valueOf(want.accountAdmin));
        after.put(STATUS, SignUser.ACTIVE);
        return new SignAction(Kind.CREATE, org, p.key(), p.email(), null, profile, want.accountAdmin, groups,
                null, detail, p.rows(), Map.of(), after);
    }

    private static SignAction update(Person p, String org, Desired want, SignUser have, SignOrgState state,
                                     History history, boolean keepHandMadeAdmins, List<Skip> skipped) {
        List<String> changes = new ArrayList<>();
        Map<String, String> profile = new LinkedHashMap<>();
        LastWrite last = null;
        boolean lastRead = false;
        for (String f : PROFILE_FIELDS) {
            String v = p.field(f);
            String current = held(have, f);
            if (v == null || v.isEmpty() || v.equals(current)) {
                continue;
            }
            if (!lastRead) { // only a differing field needs Roster's last write (prefetched for these people)
                last = history.lastWrite(org, p.key());
                lastRead = true;
            }
            String wrote = last == null ? null : last.values().get(f);
            String change = f + " '" + current + "' → '" + v + "'";
            if (wrote != null && !wrote.equals(current)) {
                // Someone changed it in Sign after Roster wrote it: the job's conflict policy decides.
                String conflict = f + " was changed in Sign since Roster wrote '" + wrote + "' (now '" + current
                        + "', source '" + v + "')";
                if (!history.conflicts().sourceWins(updatedAt(p), last.at())) {
                    skipped.add(new Skip(org, p.email(), "conflict: " + conflict + "; " + history.conflicts().label()
                            + " keeps Sign's value"));
                    continue;
                }
                change += " (conflict: changed in Sign, " + history.conflicts().label() + ")";
            }
            profile.put(f, v);
            changes.add(change);
        }
        Boolean accountAdmin = null;
        boolean admin = want.accountAdmin;
        boolean byHand = have.accountAdmin() && !admin && keepHandMadeAdmins && !madeAdminByRoster(org, p.key(), history);
        if (byHand) {
            admin = true; // someone made them account admin by hand: no rule of Roster's takes that away
            skipped.add(new Skip(org, p.email(), "account admin whom Roster never made one: the role is kept"
                    + " (user_sync.keep_hand_made_admins)"));
        }
        if (have.accountAdmin() != admin) {
            accountAdmin = admin;
            changes.add("account admin " + onOff(have.accountAdmin()) + " → " + onOff(admin));
        }
        List<GroupAssignment> groups = new ArrayList<>();
        Membership current = have.primary();
        String currentName = current == null ? null : current.groupName();
        String targetGroup = want.group != null ? want.group
                : currentName != null ? currentName : state.defaultGroup().name();
        boolean moving = !want.groupsElsewhere && (currentName == null || !targetGroup.equalsIgnoreCase(currentName));
        boolean currentAdmin = current != null && current.groupAdmin();
        if (!want.groupsElsewhere && (moving || currentAdmin != want.groupAdmin)) {
            groups.add(new GroupAssignment(targetGroup, true, want.groupAdmin));
            if (moving) {
                changes.add("group " + (currentName == null ? "(none)" : currentName) + " → " + targetGroup);
            }
            if (currentAdmin != want.groupAdmin) {
                changes.add("group admin " + onOff(currentAdmin) + " → " + onOff(want.groupAdmin));
            }
        }
        String newState = null;
        if (have.inactive()) {
            newState = SignUser.ACTIVE;
            changes.add(0, "reactivate");
        }
        if (changes.isEmpty()) {
            return null;
        }
        Kind kind = newState != null ? Kind.REACTIVATE : Kind.UPDATE;
        Map<String, String> before = snapshot(have);
        Map<String, String> after = new LinkedHashMap<>(before);
        after.putAll(profile);
        if (!want.groupsElsewhere) {
            after.put(GROUP, targetGroup);
            after.put(GROUP_ADMIN, String.valueOf(want.groupAdmin));
        }
        after.put(ACCOUNT_ADMIN, String.valueOf(admin));
        after.put(STATUS, SignUser.ACTIVE);
        return new SignAction(kind, org, p.key(), have.email(), have.id(), profile, accountAdmin, groups, newState,
                String.join("; ", changes), p.rows(), before, after);
    }

    /**
     * Whether Roster gave this user the account-admin role: its last change of the role, by any job, granted it (the
     * audit log); without that record (a planner's unit test), whether this job's last write had it.
     */
    private static boolean madeAdminByRoster(String org, String key, History history) {
        return history.otherJobs().madeAdmin(org, key).orElseGet(() -> {
            LastWrite last = history.lastWrite(org, key);
            return last != null && "true".equals(last.values().get(ACCOUNT_ADMIN));
        });
    }

    private static void signOnly(String org, SignOrgState state, Set<SignUser> matched, MappedPeople source,
                                 SignSyncRules rules, OrgPolicy policy, History history, List<SignAction> actions,
                                 List<Skip> skipped, List<String> warnings, Set<String> blocked,
                                 List<SignAction> held, boolean multi) {
        SignOnlyAction what = rules.signOnlyAction();
        List<SignUser> signOnly = new ArrayList<>();
        for (SignUser u : state.users()) {
            if (u.inactive() || matched.contains(u)) {
                continue;
            }
            String key = Emails.key(u.email());
            if (key.equals(policy.adminKey()) || source.held().contains(key)
                    || history.otherJobs().manage(org, key, u.primary() == null ? null : u.primary().groupName())
                    || rules.exclusions().why(u.email(), u) != null) {
                continue; // the key's owner, a person the source holds back, another job's user, or excluded
            }
            if (u.accountAdmin() && what != SignOnlyAction.REMOVE_GROUPS && rules.exclusions().keepHandMadeAdmins()
                    && !madeAdminByRoster(org, key, history)) {
                skipped.add(new Skip(org, u.email(), "Sign-only account admin whom Roster never made one: left as is"
                        + " (user_sync.keep_hand_made_admins)"));
                continue;
            }
            signOnly.add(u);
        }
        if (signOnly.isEmpty()) {
            return;
        }
        if (history.removalsWithheld().isPresent()) {
            warnings.add("org " + org + ": " + history.removalsWithheld().get() + "; " + signOnly.size()
                    + " Sign-only users were left as they are (no " + what.name().toLowerCase() + " this run)");
            blocked.add(org);
            return;
        }
        long limit = rules.signOnlyLimit().max(state.activeUsers());
        boolean overLimit = signOnly.size() > limit;
        if (overLimit) {
            warnings.add("org " + org + ": " + signOnly.size() + " Sign-only users exceed sign_only_limit "
                    + rules.signOnlyLimit() + " (at most " + limit + " of " + state.activeUsers()
                    + " active users); no Sign-only action was taken"
                    + (what == SignOnlyAction.DEACTIVATE && !policy.deactivateUsers() ? ""
                            : ": they are held for an admin's decision (roster held list)"));
            blocked.add(org);
        }
        if (what == SignOnlyAction.DEACTIVATE && !policy.deactivateUsers()) {
            for (SignUser u : signOnly) {
                skipped.add(new Skip(org, u.email(), "Sign-only, and deactivate_users is off for this account"));
            }
            return;
        }
        SignGroup def = state.defaultGroup();
        for (SignUser u : signOnly) {
            SignAction a = switch (what) {
                case DEACTIVATE -> {
                    Map<String, String> after = new LinkedHashMap<>(snapshot(u));
                    after.put(STATUS, SignUser.INACTIVE);
                    yield new SignAction(Kind.DEACTIVATE, org, Emails.key(u.email()), u.email(), u.id(), Map.of(),
                            null, List.of(), SignUser.INACTIVE, "deactivate", "Sign-only", snapshot(u), after);
                }
                case RESET -> signOnlyChange(Kind.RESET, org, u, def, true, true, multi);
                case REMOVE_GROUPS -> signOnlyChange(Kind.REMOVE_GROUPS, org, u, def, true, false, multi);
                case REMOVE_ROLES -> signOnlyChange(Kind.REMOVE_ROLES, org, u, def, false, true, multi);
                case EXCLUDE -> null;
            };
            if (a != null) {
                (overLimit ? held : actions).add(a);
            }
        }
    }

    /**
     * Moves a Sign-only user to the default group and/or drops their roles; null when already there. With multiple
     * groups, "to the default group" ends every other membership too: the user is left as Sign makes a new one.
     */
    private static SignAction signOnlyChange(Kind kind, String org, SignUser u, SignGroup def, boolean toDefault,
                                             boolean dropRoles, boolean multi) {
        List<String> changes = new ArrayList<>();
        List<GroupAssignment> groups = new ArrayList<>();
        Membership primary = u.primary();
        boolean inDefault = primary != null && primary.groupId().equals(def.id());
        if (toDefault && !inDefault) {
            boolean keepAdmin = !dropRoles && primary != null && primary.groupAdmin();
            groups.add(new GroupAssignment(def.name(), true, keepAdmin));
            changes.add("group " + (primary == null ? "(none)" : primary.groupName()) + " → " + def.name());
        }
        List<String> ended = new ArrayList<>();
        if (multi && toDefault) {
            for (Membership m : u.memberships()) {
                if (!m.groupId().equals(def.id())) {
                    groups.add(new GroupAssignment(m.groupName(), false, false, true));
                    ended.add(m.groupName());
                    changes.add("group " + m.groupName() + " removed");
                }
            }
        }
        if (dropRoles) {
            for (Membership m : u.memberships()) {
                if (!m.groupAdmin()) {
                    continue;
                }
                changes.add("group admin of " + m.groupName() + " off");
                // A primary group being replaced by the default one loses its admin flag with the move; an ended
                // membership loses it with the membership.
                if (!(toDefault && !inDefault && m.primary()) && !ended.contains(m.groupName())) {
                    groups.add(new GroupAssignment(m.groupName(), m.primary(), false));
                }
            }
        }
        Boolean accountAdmin = null;
        if (dropRoles && u.accountAdmin()) {
            accountAdmin = false;
            changes.add("account admin off");
        }
        if (changes.isEmpty()) {
            return null;
        }
        Map<String, String> before = snapshot(u);
        Map<String, String> after = new LinkedHashMap<>(before);
        if (toDefault && !inDefault) {
            after.put(GROUP, def.name());
        }
        if (multi) {
            before.put(GROUPS, describe(u));
            // moved to the Default Group, the primary group's admin role goes with the person (keepAdmin above)
            after.put(GROUPS, toDefault ? def.name() + (!dropRoles && primary != null && primary.groupAdmin()
                    ? " (group admin)" : "") : describe(u).replace(" (group admin)", ""));
        }
        if (dropRoles) {
            after.put(GROUP_ADMIN, "false");
            after.put(ACCOUNT_ADMIN, "false");
        }
        return new SignAction(kind, org, Emails.key(u.email()), u.email(), u.id(), Map.of(),
                accountAdmin, groups, null, String.join("; ", changes), "Sign-only", before, after);
    }

    /** The managed values of a Sign user as they are now: what the audit log's "before" shows. */
    public static Map<String, String> snapshot(SignUser u) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : PROFILE_FIELDS) {
            m.put(f, Objects.requireNonNullElse(u.profileField(f), ""));
        }
        Membership primary = u.primary();
        m.put(GROUP, primary == null ? "" : primary.groupName());
        m.put(GROUP_ADMIN, String.valueOf(primary != null && primary.groupAdmin()));
        m.put(ACCOUNT_ADMIN, String.valueOf(u.accountAdmin()));
        m.put(STATUS, u.inactive() ? SignUser.INACTIVE : SignUser.ACTIVE);
        return m;
    }

    /** The source's "updated at" (mapped field {@code updatedAt}), for most-recent-wins; null when unmapped or unreadable. */
    static Instant updatedAt(Person p) {
        String v = p.field(UPDATED_AT);
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // not an offset date-time: try the other usual shapes, read as UTC
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
