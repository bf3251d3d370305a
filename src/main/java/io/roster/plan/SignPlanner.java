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
                if (want.group != null && state.group(want.group) == null) {
                    groupsToCreate.computeIfAbsent(org, o -> new LinkedHashSet<>()).add(want.group);
                }
                SignAction action = have == null
                        ? create(p, org, want, state, policy, skipped)
                        : update(p, org, want, have, state, history, rules.exclusions().keepHandMadeAdmins(), skipped);
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
                        overLimit);
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
        for (UserManagementRule r : matching(p, org, rules)) {
            if (group == null && r.signGroup() != null) {
                group = r.signGroup();
            }
            groupAdmin |= r.groupAdmin();
            accountAdmin |= r.accountAdmin();
        }
        return new Desired(group, groupAdmin, accountAdmin);
    }

    record Desired(String group, boolean groupAdmin, boolean accountAdmin) {
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
        boolean moving = currentName == null || !targetGroup.equalsIgnoreCase(currentName);
        boolean currentAdmin = current != null && current.groupAdmin();
        if (moving || currentAdmin != want.groupAdmin) {
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
        after.put(GROUP, targetGroup);
        after.put(GROUP_ADMIN, String.valueOf(want.groupAdmin));
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
                                 List<SignAction> held) {
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
                case RESET -> signOnlyChange(Kind.RESET, org, u, def, true, true);
                case REMOVE_GROUPS -> signOnlyChange(Kind.REMOVE_GROUPS, org, u, def, true, false);
                case REMOVE_ROLES -> signOnlyChange(Kind.REMOVE_ROLES, org, u, def, false, true);
                case EXCLUDE -> null;
            };
            if (a != null) {
                (overLimit ? held : actions).add(a);
            }
        }
    }

    /** Moves a Sign-only user to the default group and/or drops their roles; null when already there. */
    private static SignAction signOnlyChange(Kind kind, String org, SignUser u, SignGroup def, boolean toDefault,
                                             boolean dropRoles) {
        List<String> changes = new ArrayList<>();
        List<GroupAssignment> groups = new ArrayList<>();
        Membership primary = u.primary();
        boolean inDefault = primary != null && primary.groupId().equals(def.id());
        if (toDefault && !inDefault) {
            boolean keepAdmin = !dropRoles && primary != null && primary.groupAdmin();
            groups.add(new GroupAssignment(def.name(), true, keepAdmin));
            changes.add("group " + (primary == null ? "(none)" : primary.groupName()) + " → " + def.name());
        }
        if (dropRoles) {
            for (Membership m : u.memberships()) {
                if (!m.groupAdmin()) {
                    continue;
                }
                changes.add("group admin of " + m.groupName() + " off");
                // A primary group being replaced by the default one loses its admin flag with the move.
                if (!(toDefault && !inDefault && m.primary())) {
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
