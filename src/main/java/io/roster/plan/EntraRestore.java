package io.roster.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undoing a run in Entra ID: from the audit log's before-values, what to write so each user the run changed holds what
 * it held before, against what it holds now (a value already back needs nothing). A user Entra no longer has, or one
 * Roster no longer knows, is listed, not restored. A pure function.
 */
public final class EntraRestore {

    /** One audited change of the run to undo: the person, the action, the attributes' values before and after. */
    public record Audited(String key, String action, Map<String, String> before, Map<String, String> after) {
    }

    public record Restore(List<EntraPlanner.Change> changes, List<String> notRestored) {
    }

    private EntraRestore() {
    }

    /**
     * @param userIds each person's Entra user id, as Roster last wrote it
     * @param users   the tenant's users now, by id
     */
    public static Restore plan(String runId, List<Audited> audited, Map<String, String> userIds,
                               Map<String, EntraUser> users, EntraRules rules, java.util.Collection<String> mapped) {
        Map<String, Map<String, String>> before = new LinkedHashMap<>();
        for (Audited a : audited) {
            Map<String, String> values = before.computeIfAbsent(a.key(), k -> new LinkedHashMap<>());
            a.before().forEach(values::putIfAbsent); // the run's first change of each attribute holds what was there
        }
        List<EntraPlanner.Change> changes = new ArrayList<>();
        List<String> notRestored = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> person : before.entrySet()) {
            String key = person.getKey();
            String id = userIds.get(key);
            EntraUser u = id == null ? null : users.get(id);
            if (u == null) {
                notRestored.add(key + ": " + (id == null ? "Roster no longer knows its Entra user"
                        : "Entra ID no longer has user " + id) + "; not restored");
                continue;
            }
            Map<String, String> set = new LinkedHashMap<>();
            Map<String, String> now = new LinkedHashMap<>();
            Map<String, String> standing = u.standing();
            person.getValue().forEach((field, was) -> {
                String is = standing.getOrDefault(field, "");
                if (!is.equals(was)) {
                    set.put(field, was);
                    now.put(field, is);
                }
            });
            if (set.isEmpty()) {
                continue; // already back
            }
            EntraPlanner.Door door = EntraPlanner.GRAPH;
            if (u.synced()) {
                String why = switch (rules.synced()) {
                    case REPORT -> "the job does not write there (entra.synced)";
                    case DIRECTORY -> u.onPremisesDistinguishedName() == null
                            ? "Graph gives no onPremisesDistinguishedName for it" : null;
                    case PROVISIONING -> EntraPlanner.notProvisioned(u, set.keySet(), rules.provisioning(), 1);
                };
                if (why != null) {
                    notRestored.add(key + ": " + u.userPrincipalName() + " is synced from on-premises AD and "
                            + why.replaceFirst("^; ", "") + "; not restored");
                    continue;
                }
                door = rules.synced() == EntraRules.Synced.DIRECTORY
                        ? new EntraPlanner.Directory(u.onPremisesDistinguishedName())
                        : new EntraPlanner.Provisioning(EntraPlanner.externalId(u, rules.provisioning()),
                        mappedOnly(standing, mapped));
            }
            changes.add(new EntraPlanner.Change(key, key, u.id(), u.userPrincipalName(), set, now, "undo of run " + runId,
                    door));
        }
        return new Restore(changes, notRestored);
    }

    private static Map<String, String> mappedOnly(Map<String, String> values, java.util.Collection<String> mapped) {
        Map<String, String> out = new LinkedHashMap<>();
        mapped.stream().filter(values::containsKey).forEach(f -> out.put(f, values.get(f)));
        return out;
    }
}
