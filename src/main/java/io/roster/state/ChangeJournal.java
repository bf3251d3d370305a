package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The life of each change in the state store. Every change is noted as pending, with its intended values, before
 * it is sent; once it is confirmed, its audit row, the person's sync state and the end of the pending note are
 * written in one transaction. A pending note that outlives its run marks a change that may have happened.
 */
@ApplicationScoped
public class ChangeJournal {

    private final StateStore store;

    public ChangeJournal(StateStore store) {
        this.store = store;
    }

    /** Notes a change as pending, with the values it is meant to leave, before it is sent. */
    public void sending(String job, String runId, Change intended) {
        store.transaction("note a pending " + intended.action() + " of " + intended.key(), c -> {
            StateStore.update(c, "DELETE FROM roster_pending_write WHERE job = ? AND target = ? AND person_key = ?",
                    job, intended.target(), intended.key());
            StateStore.update(c, "INSERT INTO roster_pending_write (job, target, person_key, run_id, action, sent_at,"
                            + " before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", job, intended.target(),
                    intended.key(), runId, intended.action(), Instant.now(), Json.write(intended.before()),
                    Json.write(intended.after()));
            return null;
        });
    }

    /** The change landed: audit it, remember what was written, clear its pending note. */
    public void applied(String job, String runId, Change change) {
        Instant now = Instant.now();
        store.transaction("record the " + change.action() + " of " + change.key(), c -> {
            StateStore.update(c, "INSERT INTO roster_audit (run_id, job, person_key, target, action, before_value,"
                            + " after_value, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    runId, job, change.key(), change.target(), change.action(), Json.write(change.changedBefore()),
                    Json.write(change.changedAfter()), now);
            writeState(c, job, runId, change, now);
            StateStore.update(c, "DELETE FROM roster_pending_write WHERE job = ? AND target = ? AND person_key = ?",
                    job, change.target(), change.key());
            return null;
        });
    }

    /** A pending write that failed for sure (the target refused it) is no longer "may have happened". */
    public void failed(String job, String target, String key) {
        store.update("clear the pending write of " + key,
                "DELETE FROM roster_pending_write WHERE job = ? AND target = ? AND person_key = ?", job, target, key);
    }

    private static void writeState(Connection c, String job, String runId, Change change, Instant now) throws SQLException {
        String values = Json.write(change.after());
        String hash = Json.hash(values);
        int n = StateStore.update(c, "UPDATE roster_person_state SET target_id = ?, content_hash = ?, written_values = ?,"
                        + " last_synced_at = ?, last_run_id = ? WHERE job = ? AND target = ? AND person_key = ?",
                change.targetId(), hash, values, now, runId, job, change.target(), change.key());
        if (n == 0) {
            StateStore.update(c, "INSERT INTO roster_person_state (job, target, person_key, target_id, content_hash,"
                            + " written_values, last_synced_at, last_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    job, change.target(), change.key(), change.targetId(), hash, values, now, runId);
        }
    }

    /** Per target, the changes an earlier run sent and never saw confirmed, as they were intended. */
    public Map<String, List<Change>> unconfirmed(String job, String currentRunId) {
        List<Change> rows = store.query("read pending writes of " + job,
                "SELECT target, person_key, action, before_value, after_value FROM roster_pending_write"
                        + " WHERE job = ? AND run_id <> ? ORDER BY target, person_key",
                rs -> new Change(rs.getString(1), rs.getString(2), rs.getString(3), null, values(rs.getString(4)),
                        values(rs.getString(5))), job, currentRunId);
        return rows.stream().collect(Collectors.groupingBy(Change::target, java.util.LinkedHashMap::new,
                Collectors.toList()));
    }

    /** Notes written before values were kept (schema V1) read as empty. */
    private static Map<String, String> values(String json) {
        return json == null ? Map.of() : Json.read(json);
    }

    /** Drops pending notes once a later run has checked them against the target. */
    public void forget(String job, String target, Set<String> keys) {
        store.transaction("clear checked pending writes of " + job, c -> {
            for (String k : keys) {
                StateStore.update(c, "DELETE FROM roster_pending_write WHERE job = ? AND target = ? AND person_key = ?",
                        job, target, k);
            }
            return null;
        });
    }

    /** What Roster last wrote per person in one target. */
    public Map<String, PersonState> states(String job, String target) {
        Map<String, PersonState> out = new HashMap<>();
        store.query("read sync state of " + job + " in " + target,
                "SELECT person_key, target_id, content_hash, written_values, last_synced_at, last_run_id"
                        + " FROM roster_person_state WHERE job = ? AND target = ?",
                rs -> new PersonState(rs.getString(1), rs.getString(2), rs.getString(3), Json.read(rs.getString(4)),
                        StateStore.instant(rs, "last_synced_at"), rs.getString(6)), job, target)
                .forEach(s -> out.put(s.key(), s));
        return out;
    }

    /** Audit rows of one run, oldest first (for the HTTP API and tests). */
    public List<Map<String, Object>> audit(String runId) {
        return store.query("read the audit of run " + runId,
                "SELECT person_key, target, action, before_value, after_value, applied_at FROM roster_audit"
                        + " WHERE run_id = ? ORDER BY id",
                rs -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("person", rs.getString(1));
                    m.put("target", rs.getString(2));
                    m.put("action", rs.getString(3));
                    m.put("before", Json.read(rs.getString(4)));
                    m.put("after", Json.read(rs.getString(5)));
                    m.put("at", StateStore.instant(rs, "applied_at"));
                    return m;
                }, runId);
    }
}
