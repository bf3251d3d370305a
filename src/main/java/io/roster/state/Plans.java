package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stored plans: what a dry run planned, change by change with its reasons, for an admin to read and apply exactly. */
@ApplicationScoped
public class Plans {

    public static final String OPEN = "open";
    public static final String APPLIED = "applied";

    /** One planned change: who, where, what, before → after, why, and whether a hold would keep it waiting. */
    public record Planned(String target, String key, String email, String action, String fingerprint, String detail,
                          Map<String, String> before, Map<String, String> after, String why, boolean held) {
    }

    public record Plan(String id, String job, Instant createdAt, Instant expiresAt, String status, String appliedByRun,
                       List<Planned> changes) {
    }

    private final StateStore store;

    public Plans(StateStore store) {
        this.store = store;
    }

    public void save(String id, String job, Instant expiresAt, List<Planned> changes) {
        store.transaction("store plan " + id, c -> {
            StateStore.update(c, "INSERT INTO roster_plan (id, job, created_at, expires_at, status) VALUES (?, ?, ?, ?, ?)",
                    id, job, Instant.now(), expiresAt, OPEN);
            List<Object[]> rows = new ArrayList<>();
            int seq = 0;
            for (Planned p : changes) {
                rows.add(new Object[] {id, seq++, p.target(), StateStore.fit(p.key(), 320), StateStore.fit(p.email(), 320),
                        p.action(), p.fingerprint(), StateStore.fit(p.detail(), 4000), Json.write(p.before()),
                        Json.write(p.after()), StateStore.fit(p.why(), 4000), p.held()});
            }
            StateStore.batch(c, "INSERT INTO roster_plan_change (plan_id, seq, target, person_key, email, action,"
                    + " fingerprint, detail, before_value, after_value, why, held) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows);
            return null;
        });
    }

    public Optional<Plan> get(String id) {
        List<Plan> plans = store.query("read plan " + id, "SELECT id, job, created_at, expires_at, status, applied_by_run"
                + " FROM roster_plan WHERE id = ?", rs -> new Plan(rs.getString(1), rs.getString(2),
                StateStore.instant(rs, "created_at"), StateStore.instant(rs, "expires_at"), rs.getString(5),
                rs.getString(6), List.of()), id);
        if (plans.isEmpty()) {
            return Optional.empty();
        }
        Plan p = plans.get(0);
        List<Planned> changes = store.query("read the changes of plan " + id, "SELECT * FROM roster_plan_change WHERE"
                + " plan_id = ? ORDER BY seq", Plans::planned, id);
        return Optional.of(new Plan(p.id(), p.job(), p.createdAt(), p.expiresAt(), p.status(), p.appliedByRun(), changes));
    }

    /** The plan without its changes (a page of them is {@link #changes}). */
    public Optional<Plan> header(String id) {
        return store.query("read plan " + id, "SELECT id, job, created_at, expires_at, status, applied_by_run"
                + " FROM roster_plan WHERE id = ?", rs -> new Plan(rs.getString(1), rs.getString(2),
                StateStore.instant(rs, "created_at"), StateStore.instant(rs, "expires_at"), rs.getString(5),
                rs.getString(6), List.of()), id).stream().findFirst();
    }

    /** A page of a plan's changes in plan order, only one person's when a key is given: what a screen shows. */
    public List<Planned> changes(String id, String personKey, int offset, int limit) {
        boolean one = personKey != null;
        return store.query("read a page of plan " + id, "SELECT * FROM roster_plan_change WHERE plan_id = ?"
                        + (one ? " AND person_key = ?" : "") + " ORDER BY seq LIMIT ? OFFSET ?", Plans::planned,
                one ? new Object[] {id, personKey, limit, offset} : new Object[] {id, limit, offset});
    }

    /** How many changes {@link #changes} pages through. */
    public long changeCount(String id, String personKey) {
        boolean one = personKey != null;
        return store.query("count the changes of plan " + id, "SELECT COUNT(*) FROM roster_plan_change WHERE plan_id = ?"
                + (one ? " AND person_key = ?" : ""), rs -> rs.getLong(1), one ? new Object[] {id, personKey}
                : new Object[] {id}).get(0);
    }

    /** Marks an open plan applied by a run; false when it was not open (applied already). */
    public boolean applied(String id, String runId) {
        return store.update("mark plan " + id + " applied", "UPDATE roster_plan SET status = ?, applied_by_run = ?"
                + " WHERE id = ? AND status = ?", APPLIED, runId, id, OPEN) > 0;
    }

    /** A plan whose applying run could not run as a whole: it may be applied again (what landed is no longer planned). */
    public void reopen(String id) {
        store.update("reopen plan " + id, "UPDATE roster_plan SET status = ?, applied_by_run = NULL WHERE id = ? AND"
                + " status = ?", OPEN, id, APPLIED);
    }

    private static Planned planned(ResultSet rs) throws SQLException {
        return new Planned(rs.getString("target"), rs.getString("person_key"), rs.getString("email"), rs.getString("action"),
                rs.getString("fingerprint"), rs.getString("detail"), Json.read(rs.getString("before_value")),
                Json.read(rs.getString("after_value")), rs.getString("why"), rs.getBoolean("held"));
    }
}
