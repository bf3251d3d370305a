package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes runs held back for an admin's decision ({@code holds:} in a job file), in the state store, so none is
 * lost across restarts: held, then approved (the job's next run applies it), rejected (never applied), or expired.
 * A change is known by its fingerprint: a later run that plans the same change finds the decision made on it.
 */
@ApplicationScoped
public class HeldActions {

    /** A change to hold, as a run planned it. */
    public record ToHold(String target, String key, String email, String action, String fingerprint, String detail,
                         String reason) {
    }

    private static final String OPEN = "('" + HeldAction.HELD + "', '" + HeldAction.APPROVED + "', '"
            + HeldAction.REJECTED + "')";

    private final StateStore store;

    public HeldActions(StateStore store) {
        this.store = store;
    }

    /** Decisions that still stand for a job, by fingerprint: approved or rejected (held ones are undecided). */
    public Map<String, String> decisions(String job) {
        Map<String, String> out = new HashMap<>();
        store.query("read the decisions on held changes of " + job, "SELECT fingerprint, status FROM roster_held_action"
                        + " WHERE job = ? AND status IN ('" + HeldAction.APPROVED + "', '" + HeldAction.REJECTED + "')",
                rs -> out.put(rs.getString(1), rs.getString(2)), job);
        return out;
    }

    /**
     * Records the changes a run holds: a change already held (same fingerprint) is kept as it is, with this run's id;
     * a new one is added. Returns how many are new.
     */
    public int hold(String job, String runId, List<ToHold> changes) {
        if (changes.isEmpty()) {
            return 0;
        }
        return store.transaction("hold " + changes.size() + " changes of " + job, c -> {
            Set<String> open = new HashSet<>(StateStore.query(c, "SELECT fingerprint FROM roster_held_action WHERE job = ?"
                    + " AND status IN " + OPEN, rs -> rs.getString(1), job));
            List<Object[]> known = new ArrayList<>();
            int added = 0;
            Instant now = Instant.now();
            for (ToHold h : changes) {
                if (open.contains(h.fingerprint())) {
                    known.add(new Object[] {runId, job, h.fingerprint()});
                    continue;
                }
                StateStore.update(c, "INSERT INTO roster_held_action (job, target, person_key, email, action, fingerprint,"
                                + " detail, reason, run_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        job, h.target(), StateStore.fit(h.key(), 320), StateStore.fit(h.email(), 320), h.action(),
                        h.fingerprint(), StateStore.fit(h.detail(), 4000), StateStore.fit(h.reason(), 1000), runId,
                        HeldAction.HELD, now);
                open.add(h.fingerprint());
                added++;
            }
            StateStore.batch(c, "UPDATE roster_held_action SET run_id = ? WHERE job = ? AND fingerprint = ? AND status = '"
                    + HeldAction.HELD + "'", known);
            return added;
        });
    }

    /**
     * Changes a run is about to apply that were held: approved ones, and undecided ones now under their limit. Released
     * to that run, so they no longer wait and a later run does not apply them again unasked.
     */
    public void released(String job, String runId, Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (String f : fingerprints) {
            rows.add(new Object[] {HeldAction.RELEASED, runId, job, f, HeldAction.APPROVED, HeldAction.HELD});
        }
        store.transaction("release held changes of " + job, c -> StateStore.batch(c, "UPDATE roster_held_action"
                + " SET status = ?, run_id = ? WHERE job = ? AND fingerprint = ? AND status IN (?, ?)", rows));
    }

    /** Fingerprints of a job's undecided held changes. */
    public Set<String> undecided(String job) {
        return new HashSet<>(store.query("read the undecided held changes of " + job, "SELECT fingerprint FROM"
                + " roster_held_action WHERE job = ? AND status = ?", rs -> rs.getString(1), job, HeldAction.HELD));
    }

    /**
     * Held changes nobody decided within {@code after} of being held expire; so do decisions (approved, rejected) not
     * used within {@code after} of being made.
     */
    public int expire(Duration after) {
        Instant limit = Instant.now().minus(after);
        return store.update("expire held changes", "UPDATE roster_held_action SET status = ?, decided_at = ?,"
                        + " decided_by = ? WHERE (status = ? AND created_at < ?) OR (status IN (?, ?) AND decided_at < ?)",
                HeldAction.EXPIRED, Instant.now(), "expired after " + after, HeldAction.HELD, limit, HeldAction.APPROVED,
                HeldAction.REJECTED, limit);
    }

    /**
     * Held changes of a target a run no longer plans (the source was fixed, the person changed, or an approved one
     * landed in a run that was killed before it could say so): no longer waiting, and an approval is not kept for a
     * change that may come back one day.
     */
    public void superseded(String job, String runId, Collection<String> fingerprints) {
        List<Object[]> rows = new ArrayList<>();
        for (String f : fingerprints) {
            rows.add(new Object[] {HeldAction.SUPERSEDED, runId, Instant.now(), job, f, HeldAction.HELD,
                    HeldAction.APPROVED});
        }
        if (!rows.isEmpty()) {
            store.transaction("retire held changes of " + job + " no longer planned", c -> StateStore.batch(c,
                    "UPDATE roster_held_action SET status = ?, run_id = ?, decided_at = ? WHERE job = ? AND fingerprint = ?"
                            + " AND status IN (?, ?)", rows));
        }
    }

    /** Held changes of a target that still wait to be applied: undecided, or approved and not yet applied. */
    public Set<String> waiting(String job, String targetPrefix) {
        return new HashSet<>(store.query("read the waiting held changes of " + job, "SELECT fingerprint FROM"
                + " roster_held_action WHERE job = ? AND status IN (?, ?) AND target LIKE ?", rs -> rs.getString(1), job,
                HeldAction.HELD, HeldAction.APPROVED, targetPrefix + "%"));
    }

    /** Held changes of the jobs (all when empty) in a status (the undecided ones when null), oldest first. */
    public List<HeldAction> list(Collection<String> jobs, String status) {
        List<HeldAction> all = store.query("list held changes", "SELECT * FROM roster_held_action WHERE status = ?"
                + " ORDER BY id", HeldActions::read, status == null ? HeldAction.HELD : status);
        return all.stream().filter(h -> jobs.isEmpty() || jobs.contains(h.job())).toList();
    }

    /** How many changes each job holds undecided (jobs with none left out). */
    public Map<String, Long> heldCounts() {
        Map<String, Long> out = new HashMap<>();
        store.query("count held changes", "SELECT job, COUNT(*) FROM roster_held_action WHERE status = ? GROUP BY job",
                rs -> out.put(rs.getString(1), rs.getLong(2)), HeldAction.HELD);
        return out;
    }

    /**
     * Decides held changes: {@code approved} or {@code rejected}. Only undecided ones change; returns the ids decided.
     */
    public List<Long> decide(Collection<Long> ids, String decision, String by) {
        List<Long> decided = new ArrayList<>();
        for (long id : ids) {
            int n = store.update("decide held change " + id, "UPDATE roster_held_action SET status = ?, decided_at = ?,"
                            + " decided_by = ? WHERE id = ? AND status = ?", decision, Instant.now(),
                    StateStore.fit(by, 200), id, HeldAction.HELD);
            if (n > 0) {
                decided.add(id);
            }
        }
        return decided;
    }

    private static HeldAction read(ResultSet rs) throws SQLException {
        return new HeldAction(rs.getLong("id"), rs.getString("job"), rs.getString("target"), rs.getString("person_key"),
                rs.getString("email"), rs.getString("action"), rs.getString("fingerprint"), rs.getString("detail"),
                rs.getString("reason"), rs.getString("run_id"), rs.getString("status"),
                StateStore.instant(rs, "created_at"), StateStore.instant(rs, "decided_at"), rs.getString("decided_by"));
    }
}
