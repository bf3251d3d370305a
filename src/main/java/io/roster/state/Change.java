package io.roster.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One change applied to one person in one target, as the journal records it.
 *
 * @param target   where, e.g. {@code sign:primary}
 * @param key      the person's key (email, lowercased)
 * @param action   create, update, deactivate, …
 * @param targetId the person's id in the target after the change
 * @param before   the managed values before (empty on create)
 * @param after    the managed values after
 * @param stored   {@code after} as the state store keeps it, when the planner already made it; else null
 */
public record Change(String target, String key, String action, String targetId, Map<String, String> before,
                     Map<String, String> after, StoredValues stored) {

    public Change(String target, String key, String action, String targetId, Map<String, String> before,
                  Map<String, String> after) {
        this(target, key, action, targetId, before, after, null);
    }

    /** The values after, as the state store keeps them. */
    public StoredValues storedAfter() {
        return stored != null ? stored : StoredValues.of(after);
    }

    /** Only what differs, for the audit log: the old values. */
    public Map<String, String> changedBefore() {
        return differing(before, after);
    }

    /** Only what differs, for the audit log: the new values. */
    public Map<String, String> changedAfter() {
        return differing(after, before);
    }

    /**
     * The part of this intended change that the target now shows, judged by its current values: each field meant to
     * change that now holds its new value. Null when none does (the change did not land, or was undone since).
     */
    public Change landed(String currentTargetId, Map<String, String> now) {
        Map<String, String> reached = new LinkedHashMap<>(before);
        boolean any = false;
        for (Map.Entry<String, String> e : changedAfter().entrySet()) {
            if (Objects.equals(e.getValue(), now.get(e.getKey()))) {
                reached.put(e.getKey(), e.getValue());
                any = true;
            }
        }
        return any ? new Change(target, key, action, currentTargetId, before, reached) : null;
    }

    private static Map<String, String> differing(Map<String, String> these, Map<String, String> others) {
        Map<String, String> out = new TreeMap<>();
        these.forEach((k, v) -> {
            if (!Objects.equals(v, others.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }
}
