package io.roster.plan;

import io.roster.state.StoredValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undoing a run in Signature 365: from the audit log's before-values, what to send so each person the run wrote shows
 * what they showed before. A person the run sent first is cleared (their mapped fields emptied, and forgotten); one it
 * updated gets back the values it changed; one it cleared gets back what was cleared. A pure function.
 */
public final class Signature365Restore {

    /** One audited change of the run to undo: the person, the action, the values it changed before and after. */
    public record Audited(String key, String action, Map<String, String> before, Map<String, String> after) {
    }

    /**
     * @param restores what to send back (updates and re-sent people)
     * @param clears   people the run sent first: their fields emptied, and forgotten
     */
    public record Restore(List<Signature365Upsert> restores, List<Signature365Upsert> clears, List<String> notRestored) {
    }

    private Signature365Restore() {
    }

    /** @param written what Roster last wrote to each person, as the state store keeps it now */
    public static Restore plan(String runId, List<Audited> audited, Map<String, Map<String, String>> written) {
        Map<String, Audited> first = new LinkedHashMap<>();
        Map<String, Map<String, String>> before = new LinkedHashMap<>();
        for (Audited a : audited) {
            first.putIfAbsent(a.key(), a);
            Map<String, String> values = before.computeIfAbsent(a.key(), k -> new LinkedHashMap<>());
            a.before().forEach(values::putIfAbsent);
        }
        List<Signature365Upsert> restores = new ArrayList<>();
        List<Signature365Upsert> clears = new ArrayList<>();
        List<String> notRestored = new ArrayList<>();
        String why = "undo of run " + runId;
        for (Audited a : first.values()) {
            Map<String, String> now = written.get(a.key());
            if (a.action().equals("create")) {
                Map<String, String> empty = new LinkedHashMap<>();
                a.after().keySet().forEach(f -> empty.put(f, ""));
                clears.add(new Signature365Upsert(a.key(), a.key(), empty, StoredValues.of(empty),
                        now == null ? Map.of() : now, now != null, why));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            if (now != null) {
                fields.putAll(now);
            } else if (!a.action().equals("clear")) {
                notRestored.add(a.key() + ": Roster no longer knows what it sent them (forgotten since); not restored");
                continue;
            }
            fields.putAll(before.get(a.key()));
            if (now != null && fields.equals(now)) {
                continue; // already back
            }
            restores.add(new Signature365Upsert(a.key(), a.key(), fields, StoredValues.of(fields),
                    now == null ? Map.of() : now, now != null, why));
        }
        return new Restore(restores, clears, notRestored);
    }
}
