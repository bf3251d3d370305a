package io.roster.state;

import java.util.Map;

/**
 * One change applied to one person in one target, as the journal records it.
 *
 * @param target   where, e.g. {@code sign:primary}
 * @param key      the person's key (email, lowercased)
 * @param action   create, update, deactivate, …
 * @param targetId the person's id in the target after the change
 * @param before   the managed values before (empty on create)
 * @param after    the managed values after
 */
public record Change(String target, String key, String action, String targetId, Map<String, String> before,
                     Map<String, String> after) {

    /** Only what differs, for the audit log: the old values. */
    public Map<String, String> changedBefore() {
        return differing(before, after);
    }

    /** Only what differs, for the audit log: the new values. */
    public Map<String, String> changedAfter() {
        return differing(after, before);
    }

    private static Map<String, String> differing(Map<String, String> these, Map<String, String> others) {
        Map<String, String> out = new java.util.TreeMap<>();
        these.forEach((k, v) -> {
            if (!java.util.Objects.equals(v, others.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }
}
