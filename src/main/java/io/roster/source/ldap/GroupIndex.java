package io.roster.source.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.roster.source.ldap.LdapSourceSpec.Membership;
import io.roster.source.ldap.LdapSourceSpec.Nesting;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The directory's groups, read once per run, and the group names each user is in: directly (the user's memberOf,
 * or the groups whose member attribute lists the user), and with {@code nested: expand} also through groups that
 * are members of groups. Groups are named by their name attribute (cn), as the job's rules name them.
 */
final class GroupIndex {

    private final Membership membership;
    private final Nesting nesting;
    /** Incremental reads: some group changed since the last clean run (so memberships may have ended). */
    boolean changedSince;
    /** Normalized group DN to its name. */
    private final Map<String, String> names = new HashMap<>();
    /** Normalized group DN to the groups it is a direct member of. */
    private final Map<String, Set<String>> parents = new HashMap<>();
    /** Normalized member DN to the groups listing it (member style; in_chain). */
    private final Map<String, Set<String>> groupsOf = new HashMap<>();
    /** in_chain: normalized user DN to the names of the groups it is in, at any depth. */
    private final Map<String, Set<String>> inChain = new HashMap<>();
    private final Map<String, List<String>> memberLists = new LinkedHashMap<>();
    private final Map<String, List<String>> memberOfLists = new HashMap<>();

    GroupIndex(Membership membership, Nesting nesting) {
        this.membership = membership;
        this.nesting = nesting;
    }

    static String normalize(String dn) {
        try {
            return DN.normalize(dn);
        } catch (LDAPException e) {
            return dn.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether {@link #add} needs each group's member attribute: for member-style membership, or to expand nesting. */
    boolean needsMembers() {
        return membership == Membership.MEMBER || nesting == Nesting.EXPAND;
    }

    /** Whether {@link #add} needs each group's memberOf: to expand nesting in memberOf style. */
    boolean needsMemberOf() {
        return nesting == Nesting.EXPAND && membership == Membership.MEMBER_OF;
    }

    /** One group: its entry, its name attribute's name, and (where needed) all its members and memberOf values. */
    void add(SearchResultEntry group, String nameAttribute, String[] members, String[] memberOf) {
        String dn = normalize(group.getDN());
        String name = group.getAttributeValue(nameAttribute);
        names.put(dn, name != null ? name : rdnValue(group.getDN()));
        if (needsMembers()) {
            memberLists.put(dn, members == null ? List.of() : Arrays.stream(members).map(GroupIndex::normalize).toList());
        }
        if (needsMemberOf()) {
            memberOfLists.put(dn, memberOf == null ? List.of() : Arrays.stream(memberOf).map(GroupIndex::normalize).toList());
        }
    }

    /** After the last group: who is in which group, and which group in which. */
    void link() {
        memberLists.forEach((group, members) -> {
            for (String m : members) {
                if (names.containsKey(m)) {
                    parents.computeIfAbsent(m, k -> new HashSet<>()).add(group);
                } else {
                    groupsOf.computeIfAbsent(m, k -> new HashSet<>()).add(group);
                }
            }
        });
        memberOfLists.forEach((group, of) -> of.stream().filter(names::containsKey)
                .forEach(p -> parents.computeIfAbsent(group, k -> new HashSet<>()).add(p)));
        memberLists.clear();
        memberOfLists.clear();
    }

    /** in_chain: the directory says this user is in the named group, at some depth. */
    void inChain(String userDn, String groupName) {
        inChain.computeIfAbsent(normalize(userDn), k -> new TreeSet<>()).add(groupName);
    }

    /** The normalized DNs of the groups named so (for in_chain searches). */
    List<String> dnsNamed(String name) {
        return names.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().equalsIgnoreCase(name))
                .map(Map.Entry::getKey).toList();
    }

    int size() {
        return names.size();
    }

    /** The names of the groups this user is in, sorted. */
    Set<String> namesFor(String userDn, String[] memberOf) {
        String dn = normalize(userDn);
        Set<String> direct = new HashSet<>();
        if (membership == Membership.MEMBER_OF) {
            if (memberOf != null) {
                for (String g : memberOf) {
                    String n = normalize(g);
                    if (names.containsKey(n)) {
                        direct.add(n);
                    }
                }
            }
        } else {
            direct.addAll(groupsOf.getOrDefault(dn, Set.of()));
        }
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Collection<String> all = nesting == Nesting.EXPAND ? closure(direct) : direct;
        all.forEach(g -> out.add(names.get(g)));
        if (nesting == Nesting.IN_CHAIN) {
            out.addAll(inChain.getOrDefault(dn, Set.of()));
        }
        return out;
    }

    /** The groups and every group they are in; a cycle of groups ends where it began. */
    private Set<String> closure(Set<String> direct) {
        Set<String> seen = new HashSet<>(direct);
        Deque<String> todo = new ArrayDeque<>(direct);
        while (!todo.isEmpty()) {
            for (String p : parents.getOrDefault(todo.pop(), Set.of())) {
                if (seen.add(p)) {
                    todo.push(p);
                }
            }
        }
        return seen;
    }

    private static String rdnValue(String dn) {
        try {
            return new DN(dn).getRDN().getAttributeValues()[0];
        } catch (LDAPException | RuntimeException e) {
            return dn;
        }
    }
}
