package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
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

    /** A batch of changes about to be sent: all their pending notes in one transaction, before any is sent. */
    public void sendingAll(String job, String runId, List<Change> intended) {
        if (intended.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        store.transaction("note " + intended.size() + " pending changes", c -> {
            Columns notes = new Columns(intended.size(), "target", "person_key", "action", "before_value", "after_value");
            for (Change ch : intended) {
                notes.add(ch.target(), ch.key(), ch.action(), Json.write(ch.before()), Json.write(ch.after()));
            }
            deletePending(c, job, intended);
            StateStore.insertAll(c, "roster_pending_write", shared("job", job, "run_id", runId, "sent_at", now),
                    notes.arrays());
            return null;
        });
    }

    /** Clears the pending notes of these changes: one statement per target, whatever their number. */
    private static void deletePending(Connection c, String job, List<Change> changes) throws SQLException {
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        changes.forEach(ch -> byTarget.computeIfAbsent(ch.target(), t -> new ArrayList<>()).add(ch.key()));
        for (Map.Entry<String, List<String>> e : byTarget.entrySet()) {
            StateStore.update(c, DELETE_PENDING, job, e.getKey(), e.getValue().toArray(String[]::new));
        }
    }

    /**
     * The changes of a batch that landed, in one transaction: audited, their sync state written (updated where a row
     * exists, else inserted), their pending notes cleared. Until this commits, their notes say "may have happened".
     */
    public void confirmedAll(String job, String runId, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        int added = store.transaction("record " + changes.size() + " changes", c -> {
            Columns audit = new Columns(changes.size(), "person_key", "target", "action", "before_value", "after_value");
            List<Object[]> updates = new ArrayList<>(changes.size());
            List<String[]> written = new ArrayList<>(changes.size());
            for (Change ch : changes) {
                StoredValues after = ch.storedAfter();
                audit.add(ch.key(), ch.target(), ch.action(), Json.write(ch.changedBefore()),
                        changedJson(ch, ch.changedAfter(), after));
                written.add(new String[]{after.json(), after.hash()});
                updates.add(stateUpdate(job, runId, ch, after.json(), after.hash(), now));
            }
            StateStore.insertAll(c, "roster_audit", shared("run_id", runId, "job", job, "applied_at", now), audit.arrays());
            int[] updated = StateStore.batch(c, UPDATE_STATE, updates);
            List<Object[]> inserts = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                if (updated[i] == 0) {
                    inserts.add(stateInsert(job, runId, changes.get(i), written.get(i)[0], written.get(i)[1], now));
                } else if (updated[i] < 0) { // a driver that does not say which rows it updated: ask row by row
                    writeState(c, job, runId, changes.get(i), now);
                }
            }
            StateStore.batch(c, INSERT_STATE, inserts);
            deletePending(c, job, changes);
            return inserts.size();
        });
        store.grew(STATE_TABLE, STATE_KEY, added);
    }

    private static final String STATE_TABLE = "roster_person_state";
    private static final String STATE_KEY = "job, target, person_key";
    /** Rows of a key (and hash) per fetch when a whole job's keys are read: about 1 MB. */
    private static final int KEYS_PER_FETCH = 10_000;
    private static final String DELETE_PENDING = "DELETE FROM roster_pending_write WHERE job = ? AND target = ?"
            + " AND person_key = ANY(?)";

    /** The change landed: audit it, remember what was written, clear its pending note. */
    public void applied(String job, String runId, Change change) {
        Instant now = Instant.now();
        store.transaction("record the " + change.action() + " of " + change.key(), c -> {
            StateStore.update(c, INSERT_AUDIT,
                    runId, job, change.key(), change.target(), change.action(), Json.write(change.changedBefore()),
                    Json.write(change.changedAfter()), now);
            writeState(c, job, runId, change, now);
            deletePending(c, job, List.of(change));
            return null;
        });
    }

    /** A pending write that failed for sure (the target refused it) is no longer "may have happened". */
    public void failed(String job, String target, String key) {
        store.update("clear the pending write of " + key,
                "DELETE FROM roster_pending_write WHERE job = ? AND target = ? AND person_key = ?", job, target, key);
    }

    private static final String INSERT_AUDIT = "INSERT INTO roster_audit (run_id, job, person_key, target, action,"
            + " before_value, after_value, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_STATE = "UPDATE roster_person_state SET target_id = ?, content_hash = ?,"
            + " written_values = ?, last_synced_at = ?, last_run_id = ?, last_seen_run = ? WHERE job = ? AND target = ?"
            + " AND person_key = ?";
    private static final String INSERT_STATE = "INSERT INTO roster_person_state (job, target, person_key, target_id,"
            + " content_hash, written_values, last_synced_at, last_run_id, last_seen_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** What changed, as the audit keeps it. When every value changed (a create), that is all of {@code after}. */
    private static String changedJson(Change ch, Map<String, String> changed, StoredValues after) {
        return changed.size() == ch.after().size() ? after.json() : Json.write(changed);
    }

    private static Object[] stateUpdate(String job, String runId, Change change, String values, String hash, Instant now) {
        return new Object[]{change.targetId(), hash, values, now, runId, runId, job, change.target(), change.key()};
    }

    private static Object[] stateInsert(String job, String runId, Change change, String values, String hash, Instant now) {
        return new Object[]{job, change.target(), change.key(), change.targetId(), hash, values, now, runId, runId};
    }

    /**
     * Many confirmed changes of one batch in one transaction: their audit rows and sync state, each table's new rows
     * in one statement, and their pending notes cleared (one statement per target). {@code known} are the keys that already have a state row (the planner read them), so no row
     * is looked up twice.
     */
    public void appliedAll(String job, String runId, List<Change> changes, Set<String> known) {
        if (changes.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        int added = store.transaction("record " + changes.size() + " changes", c -> {
            Columns audit = new Columns(changes.size(), "person_key", "target", "action", "before_value", "after_value");
            Columns inserts = new Columns(changes.size(), "target", "person_key", "target_id", "content_hash",
                    "written_values");
            List<Object[]> updates = new ArrayList<>();
            for (Change ch : changes) {
                StoredValues after = ch.storedAfter();
                Map<String, String> changed = ch.changedAfter();
                if (!changed.isEmpty()) { // the target had it already: sync state only, nothing to audit
                    audit.add(ch.key(), ch.target(), ch.action(), Json.write(ch.changedBefore()),
                            changedJson(ch, changed, after));
                }
                if (known.contains(ch.key())) {
                    updates.add(stateUpdate(job, runId, ch, after.json(), after.hash(), now));
                } else {
                    inserts.add(ch.target(), ch.key(), ch.targetId(), after.hash(), after.json());
                }
            }
            StateStore.insertAll(c, "roster_audit", shared("run_id", runId, "job", job, "applied_at", now), audit.arrays());
            StateStore.batch(c, UPDATE_STATE, updates);
            deletePending(c, job, changes); // noted before sending (sendingAll): confirmed now, in the same transaction
            return StateStore.insertAll(c, STATE_TABLE, shared("job", job, "last_synced_at", now, "last_run_id", runId,
                    "last_seen_run", runId), inserts.arrays());
        });
        store.grew(STATE_TABLE, STATE_KEY, added);
    }

    private static Map<String, Object> shared(Object... namesAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    /** Rows for {@link StateStore#insertAll}, kept as one array per column. */
    private static final class Columns {
        private final String[] names;
        private final String[][] values;
        private int rows;

        Columns(int capacity, String... names) {
            this.names = names;
            this.values = new String[names.length][capacity];
        }

        void add(String... row) {
            for (int i = 0; i < names.length; i++) {
                values[i][rows] = row[i];
            }
            rows++;
        }

        Map<String, String[]> arrays() {
            Map<String, String[]> out = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                out.put(names[i], Arrays.copyOf(values[i], rows));
            }
            return out;
        }
    }

    /** Each person's content hash of what Roster last wrote to them in one target, in one streamed read. */
    public void sentHashes(String job, String target, BiConsumer<String, String> each) {
        store.stream("read what " + job + " last sent to " + target, KEYS_PER_FETCH,
                "SELECT person_key, content_hash FROM roster_person_state WHERE job = ? AND target = ?",
                rs -> each.accept(rs.getString(1), rs.getString(2)), job, target);
    }

    /** What Roster last wrote to some people in one target, in one query; people it never wrote to are left out. */
    public Map<String, Map<String, String>> written(String job, String target, Collection<String> keys) {
        Map<String, Map<String, String>> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        // = ANY(one array): a 500-value IN list of parameters was scanned value by value, row by row (~90 ms a batch)
        store.stream("read what was last written to " + keys.size() + " people",
                "SELECT person_key, written_values FROM roster_person_state WHERE job = ? AND target = ?"
                        + " AND person_key = ANY(?)",
                rs -> out.put(rs.getString(1), Json.read(rs.getString(2))), job, target, keys.toArray(String[]::new));
        return out;
    }

    /**
     * The people of a target that other jobs than {@code job}, among {@code jobs} (those the routes define now), manage:
     * those they last wrote as people of their source. A user another job last touched only as Sign-only
     * (deactivated, reset) is not theirs.
     */
    public Set<String> managedByOthers(String job, String target, Set<String> jobs) {
        Set<String> keys = new HashSet<>();
        store.stream("find the people other jobs manage in " + target, KEYS_PER_FETCH,
                "SELECT s.person_key, s.job FROM roster_person_state s WHERE s.target = ? AND s.job <> ? AND NOT EXISTS ("
                        + "SELECT 1 FROM roster_audit a WHERE a.job = s.job AND a.person_key = s.person_key"
                        + " AND a.target = s.target AND a.run_id = s.last_run_id"
                        + " AND a.action IN ('deactivate', 'reset', 'remove_groups', 'remove_roles'))",
                rs -> {
                    if (jobs.contains(rs.getString(2))) {
                        keys.add(rs.getString(1));
                    }
                }, target, job);
        return keys;
    }

    /**
     * What Roster's last change of one field of a person in a target set it to, whichever job made it (the audit log
     * holds every change's changed fields); empty when no change of Roster's ever touched the field.
     */
    public Optional<String> lastSet(String target, String key, String field) {
        String quoted = "%\"" + field + "\"%";
        return store.queryFirst("read the last change of " + field + " of " + key, 1, "SELECT after_value FROM"
                        + " roster_audit WHERE target = ? AND person_key = ? AND after_value LIKE ? ORDER BY id DESC",
                rs -> Json.read(rs.getString(1)), target, key, quoted).stream()
                .map(values -> values.get(field)).filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * People Roster wrote to the target whom this run did not see in the source, in key order: every key of the job
     * and target, streamed, less those the run saw; then the rows of the rest. Nothing is written per person.
     */
    public List<PersonState> notSeen(String job, String target, Predicate<String> seen) {
        List<String> gone = new ArrayList<>();
        store.stream("find people of " + job + " no longer in the source", KEYS_PER_FETCH,
                "SELECT person_key FROM roster_person_state WHERE job = ? AND target = ?",
                rs -> {
                    if (!seen.test(rs.getString(1))) {
                        gone.add(rs.getString(1));
                    }
                }, job, target);
        List<PersonState> out = new ArrayList<>(gone.size());
        for (int i = 0; i < gone.size(); i += 1000) {
            out.addAll(states(job, target, gone.subList(i, Math.min(gone.size(), i + 1000))).values());
        }
        out.sort(Comparator.comparing(PersonState::key));
        return out;
    }

    /** Forgets people (their target no longer holds what Roster wrote), with an audit row each. */
    public void forgotten(String job, String runId, List<Change> changes) {
        Instant now = Instant.now();
        store.transaction("forget " + changes.size() + " people", c -> {
            List<Object[]> audit = new ArrayList<>();
            List<Object[]> gone = new ArrayList<>();
            for (Change ch : changes) {
                audit.add(new Object[]{runId, job, ch.key(), ch.target(), ch.action(), Json.write(ch.changedBefore()),
                        Json.write(ch.changedAfter()), now});
                gone.add(new Object[]{job, ch.target(), ch.key()});
            }
            StateStore.batch(c, INSERT_AUDIT, audit);
            StateStore.batch(c, "DELETE FROM roster_person_state WHERE job = ? AND target = ? AND person_key = ?", gone);
            return null;
        });
    }

    private static void writeState(Connection c, String job, String runId, Change change, Instant now) throws SQLException {
        StoredValues after = change.storedAfter();
        int n = StateStore.update(c, UPDATE_STATE, stateUpdate(job, runId, change, after.json(), after.hash(), now));
        if (n == 0) {
            StateStore.update(c, INSERT_STATE, stateInsert(job, runId, change, after.json(), after.hash(), now));
        }
    }

    /** Per target, the changes an earlier run sent and never saw confirmed, as they were intended. */
    public Map<String, List<Change>> unconfirmed(String job, String currentRunId) {
        List<Change> rows = store.query("read pending writes of " + job,
                "SELECT target, person_key, action, before_value, after_value FROM roster_pending_write"
                        + " WHERE job = ? AND run_id <> ? ORDER BY target, person_key",
                rs -> new Change(rs.getString(1), rs.getString(2), rs.getString(3), null, values(rs.getString(4)),
                        values(rs.getString(5))), job, currentRunId);
        return rows.stream().collect(Collectors.groupingBy(Change::target, LinkedHashMap::new,
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
                SELECT_STATE + " WHERE job = ? AND target = ?", ChangeJournal::personState, job, target)
                .forEach(s -> out.put(s.key(), s));
        return out;
    }

    /** The sync state of some people in one target, in one query. */
    public Map<String, PersonState> states(String job, String target, Collection<String> keys) {
        Map<String, PersonState> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        store.stream("read the sync state of " + keys.size() + " people",
                SELECT_STATE + " WHERE job = ? AND target = ? AND person_key = ANY(?)",
                rs -> out.put(rs.getString(1), personState(rs)), job, target, keys.toArray(String[]::new));
        return out;
    }

    private static final String SELECT_STATE = "SELECT person_key, target_id, content_hash, written_values,"
            + " last_synced_at, last_run_id FROM roster_person_state";

    private static PersonState personState(ResultSet rs) throws SQLException {
        return new PersonState(rs.getString(1), rs.getString(2), rs.getString(3), Json.read(rs.getString(4)),
                StateStore.instant(rs, "last_synced_at"), rs.getString(6));
    }

    /** Audit rows of one run, oldest first (for the HTTP API and tests). */
    public List<Map<String, Object>> audit(String runId) {
        return store.query("read the audit of run " + runId, AUDIT_COLUMNS + " WHERE run_id = ? ORDER BY id",
                ChangeJournal::auditRow, runId);
    }

    private static final String AUDIT_COLUMNS = "SELECT run_id, job, person_key, target, action, before_value,"
            + " after_value, applied_at FROM roster_audit";

    /** An audit row as the API and the console show it. */
    private static Map<String, Object> auditRow(java.sql.ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("person", rs.getString("person_key"));
        m.put("target", rs.getString("target"));
        m.put("action", rs.getString("action"));
        m.put("before", Json.read(rs.getString("before_value")));
        m.put("after", Json.read(rs.getString("after_value")));
        m.put("at", StateStore.instant(rs, "applied_at"));
        m.put("run", rs.getString("run_id"));
        m.put("job", rs.getString("job"));
        return m;
    }

    /**
     * One page of a run's audit, newest last, optionally only one person's (by key, any case) or one action's: what a
     * screen shows of a run that changed 100,000 people, without reading them all.
     */
    public List<Map<String, Object>> auditPage(String runId, String person, String action, int offset, int limit) {
        List<Object> args = new ArrayList<>(List.of(runId));
        String where = auditFilter(person, action, args);
        args.add(limit);
        args.add(offset);
        return store.query("read a page of the audit of run " + runId,
                AUDIT_COLUMNS + " WHERE run_id = ?" + where + " ORDER BY id LIMIT ? OFFSET ?", ChangeJournal::auditRow,
                args.toArray());
    }

    /** How many audit rows {@link #auditPage} pages through. */
    public long auditCount(String runId, String person, String action) {
        List<Object> args = new ArrayList<>(List.of(runId));
        String where = auditFilter(person, action, args);
        return store.query("count the audit of run " + runId, "SELECT COUNT(*) FROM roster_audit WHERE run_id = ?" + where,
                rs -> rs.getLong(1), args.toArray()).get(0);
    }

    private static String auditFilter(String person, String action, List<Object> args) {
        StringBuilder where = new StringBuilder();
        if (person != null && !person.isBlank()) {
            where.append(" AND person_key = ?");
            args.add(person.strip().toLowerCase(java.util.Locale.ROOT));
        }
        if (action != null && !action.isBlank()) {
            where.append(" AND action = ?");
            args.add(action.strip());
        }
        return where.toString();
    }

    /**
     * One person's audit across runs of these jobs, newest first: what Roster changed of them, when, and in which run
     * (the jobs named, so the audit's index by job and person serves it).
     */
    public List<Map<String, Object>> personHistory(Collection<String> jobs, String personKey, int limit) {
        return store.query("read the audit of " + personKey,
                AUDIT_COLUMNS + " WHERE job = ANY(?) AND person_key = ? ORDER BY id DESC LIMIT ?", ChangeJournal::auditRow,
                jobs.toArray(String[]::new), personKey.strip().toLowerCase(java.util.Locale.ROOT), limit);
    }
}
