package io.roster.plan;

import io.roster.mapping.Emails;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one Sign account holds at the start of a run: users by email key, groups by name (case-insensitive).
 * Groups created during the run are added so later writes can find them.
 */
public final class SignOrgState {

    private final String org;
    private final Map<String, SignUser> usersByKey;
    private final Map<String, SignGroup> groupsByName = new ConcurrentHashMap<>();
    private final SignGroup defaultGroup;
    private final String lastUserPage;

    public SignOrgState(String org, Collection<SignUser> users, Collection<SignGroup> groups) {
        this(org, users, groups, null);
    }

    /** @param lastUserPage the cursor that fetched the user list's last page, where users created since are looked up */
    public SignOrgState(String org, Collection<SignUser> users, Collection<SignGroup> groups, String lastUserPage) {
        this.lastUserPage = lastUserPage;
        this.org = org;
        this.usersByKey = new ConcurrentHashMap<>(users.size() * 2);
        for (SignUser u : users) {
            usersByKey.put(Emails.key(u.email()), u);
        }
        SignGroup def = null;
        for (SignGroup g : groups) {
            groupsByName.put(nameKey(g.name()), g);
            if (g.isDefault()) {
                def = g;
            }
        }
        this.defaultGroup = def;
    }

    /** An account Roster has not read: used by a dry run without credentials, which plans against nothing. */
    public static SignOrgState empty(String org) {
        return new SignOrgState(org, List.of(),
                List.of(new SignGroup("(default)", "Default Group", true)));
    }

    public String org() {
        return org;
    }

    public SignUser user(String key) {
        return usersByKey.get(key);
    }

    public Collection<SignUser> users() {
        return usersByKey.values();
    }

    public SignGroup group(String name) {
        return name == null ? null : groupsByName.get(nameKey(name));
    }

    public void addGroup(SignGroup group) {
        groupsByName.put(nameKey(group.name()), group);
    }

    /** The cursor of the user list's last page when the account was read; null when it had one page. */
    public String lastUserPage() {
        return lastUserPage;
    }

    public SignGroup defaultGroup() {
        return defaultGroup;
    }

    public long activeUsers() {
        return usersByKey.values().stream().filter(u -> !u.inactive()).count();
    }

    private static String nameKey(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
