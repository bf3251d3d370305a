package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which target users each job's source holds (its claims), recorded by every run that read its source whole. A job
 * alone in its target pays one small query a run to learn so; a run whose source holds the same people as the last
 * one's writes nothing.
 */
@ApplicationScoped
public class Claims {

    private static final int KEYS_PER_FETCH = 10_000;

    private final StateStore store;

    public Claims(StateStore store) {
        this.store = store;
    }

    /**
     * The job's source holds exactly {@code keys} in the target now: new ones are claimed, and claims on people no
     * longer held are released, except {@code kept} (people the source holds back for a bad record: still there).
     */
    public void hold(String job, String target, Collection<String> keys, Set<String> kept) {
        TreeSet<String> sorted = new TreeSet<>(keys);
        StringBuilder text = new StringBuilder(sorted.size() * 24);
        sorted.forEach(k -> text.append(k).append('\n'));
        // the held back too: a run whose only difference is that one of them has really gone must release them
        new TreeSet<>(kept).forEach(k -> text.append("kept:").append(k).append('\n'));
        String digest = Json.hex(Json.digest(text));
        boolean same = !store.query("read the claims digest of " + job + " in " + target,
                "SELECT 1 FROM roster_claim_set WHERE target = ? AND job = ? AND people = ? AND digest = ?",
                rs -> true, target, job, (long) sorted.size(), digest).isEmpty();
        if (same) {
            return;
        }
        store.replacing("record the people " + job + " holds in " + target, c -> {
            record(c, job, target, sorted, kept, Instant.now());
            if (StateStore.update(c, "UPDATE roster_claim_set SET people = ?, digest = ?, recorded_at = ?"
                    + " WHERE target = ? AND job = ?", (long) sorted.size(), digest, Instant.now(), target, job) == 0) {
                StateStore.update(c, "INSERT INTO roster_claim_set (target, job, people, digest, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?)", target, job, (long) sorted.size(), digest, Instant.now());
            }
            return null;
        });
    }

    private static void record(Connection c, String job, String target, Set<String> held, Set<String> kept,
                               Instant now) throws SQLException {
        Map<String, Boolean> mine = new HashMap<>();
        for (Claim claim : StateStore.query(c, "SELECT person_key, job, claimed_at, released_at FROM roster_claim"
                + " WHERE target = ? AND job = ?", Claims::claim, target, job)) {
            mine.put(claim.personKey(), claim.active());
        }
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> reclaims = new ArrayList<>();
        for (String key : held) {
            Boolean active = mine.get(key);
            if (active == null) {
                inserts.add(new Object[]{target, job, key, now});
            } else if (!active) {
                reclaims.add(new Object[]{now, target, job, key});
            }
        }
        List<Object[]> releases = new ArrayList<>();
        mine.forEach((key, active) -> {
            if (active && !held.contains(key) && !kept.contains(key)) {
                releases.add(new Object[]{now, target, job, key});
            }
        });
        StateStore.batch(c, "INSERT INTO roster_claim (target, job, person_key, claimed_at) VALUES (?, ?, ?, ?)",
                inserts);
        StateStore.batch(c, "UPDATE roster_claim SET claimed_at = ?, released_at = NULL"
                + " WHERE target = ? AND job = ? AND person_key = ?", reclaims);
        StateStore.batch(c, "UPDATE roster_claim SET released_at = ? WHERE target = ? AND job = ? AND person_key = ?",
                releases);
    }

    /**
     * Every claim, of any of {@code jobs} (those the routes define now: a removed or renamed job's claims count for
     * nothing), on the users of a target that those other than {@code job} claim or claimed; none when no other job
     * has claims there.
     */
    public List<Claim> shared(String job, String target, Set<String> jobs) {
        List<String> others = store.query("find other jobs' claims in " + target,
                "SELECT job FROM roster_claim_set WHERE target = ? AND job <> ?", rs -> rs.getString(1), target, job);
        others.retainAll(jobs);
        if (others.isEmpty()) {
            return List.of();
        }
        List<Claim> out = new ArrayList<>();
        store.stream("read the claims other jobs share in " + target, KEYS_PER_FETCH,
                "SELECT c.person_key, c.job, c.claimed_at, c.released_at FROM roster_claim c WHERE c.target = ?"
                        + " AND c.person_key IN (SELECT o.person_key FROM roster_claim o WHERE o.target = ? AND o.job <> ?)",
                rs -> {
                    Claim claim = claim(rs);
                    if (jobs.contains(claim.job())) {
                        out.add(claim);
                    }
                }, target, target, job);
        return out;
    }

    /** Every user the job ever claimed in the target (held now or let go). */
    public Set<String> claimedBy(String job, String target) {
        Set<String> keys = new HashSet<>();
        store.stream("read the claims of " + job + " in " + target, KEYS_PER_FETCH,
                "SELECT person_key FROM roster_claim WHERE target = ? AND job = ?", rs -> keys.add(rs.getString(1)),
                target, job);
        return keys;
    }

    private static Claim claim(ResultSet rs) throws SQLException {
        return new Claim(rs.getString(1), rs.getString(2), StateStore.instant(rs, "claimed_at"),
                StateStore.instant(rs, "released_at"));
    }
}
