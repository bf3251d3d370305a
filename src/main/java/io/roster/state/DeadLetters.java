package io.roster.state;

import io.roster.report.RunReport;
import io.roster.secrets.SecretMask;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dead-letter store: every record that could not be synced, with its job, run, step, reason and data (secret-
 * looking fields masked), in the state store. What a letter says is made where the record failed (the mapping, a
 * target's writer); letters are listed, discarded, and resolved when a later run syncs their person.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final StateStore store;
    private final ChangeJournal journal;

    public DeadLetters(StateStore store, ChangeJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    /**
     * Stores a letter of the run, with its data masked ({@link #mask}) and its reason masked. The same record failing
     * again in a later run updates its open letter.
     */
    public void put(RunReport run, Letter letter) {
        LOG.warnf("dead letter: job %s, %s: %s", run.job(), letter.record(), SecretMask.apply(letter.reason()));
        store(run, letter.step(), letter.key(), letter.record(), letter.reason(), mask(letter.data()));
    }

    /** The letters of one request that failed as a whole, logged as one line. */
    public void putAll(RunReport run, List<Letter> letters, String reason) {
        LOG.warnf("dead letters: job %s, a batch of %d users: %s", run.job(), letters.size(), SecretMask.apply(reason));
        for (Letter l : letters) {
            store(run, l.step(), l.key(), l.record(), l.reason(), mask(l.data()));
        }
    }

    private void store(RunReport run, String step, String key, String record, String unmaskedReason, Map<String, String> data) {
        Instant now = Instant.now();
        String reason = SecretMask.apply(unmaskedReason);
        String json = Json.write(data);
        store.transaction("store the dead letter of " + record, c -> {
            // The same record failing again in a later run updates its open letter (one per earlier letter).
            int n = StateStore.update(c, "UPDATE roster_dead_letter SET run_id = ?, record = ?, reason = ?, data = ?,"
                            + " last_failed_at = ?, attempts = attempts + 1 WHERE id = (SELECT MIN(id) FROM"
                            + " roster_dead_letter WHERE job = ? AND step = ? AND record_key = ? AND status = ? AND run_id <> ?)",
                    run.id(), StateStore.fit(record, 1000), StateStore.fit(reason, 4000), json, now, run.job(), step,
                    StateStore.fit(key, 320), DeadLetter.OPEN, run.id());
            if (n == 0) {
                StateStore.update(c, "INSERT INTO roster_dead_letter (job, run_id, step, record_key, record, reason, data,"
                                + " created_at, last_failed_at, attempts, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                        run.job(), run.id(), step, StateStore.fit(key, 320), StateStore.fit(record, 1000),
                        StateStore.fit(reason, 4000), json, now, now, DeadLetter.OPEN);
            }
            return null;
        });
    }

    /** Letters of a job (all jobs when null) in a status (all when null), oldest first. */
    public List<DeadLetter> list(String job, String status) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (job != null) {
            where.add("job = ?");
            args.add(job);
        }
        if (status != null) {
            where.add("status = ?");
            args.add(status);
        }
        String sql = "SELECT * FROM roster_dead_letter" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id";
        return store.query("list dead letters", sql, DeadLetters::read, args.toArray());
    }

    /**
     * What a list of letters is narrowed to; each part left null (or blank) narrows nothing. {@code reasonContains} is
     * matched in any case.
     */
    public record Filter(String job, String run, String status, String reasonContains) {

        private String where(List<Object> args) {
            List<String> where = new ArrayList<>();
            if (job != null && !job.isBlank()) {
                where.add("job = ?");
                args.add(job.strip());
            }
            if (run != null && !run.isBlank()) {
                where.add("run_id = ?");
                args.add(run.strip());
            }
            if (status != null && !status.isBlank()) {
                where.add("status = ?");
                args.add(status.strip());
            }
            if (reasonContains != null && !reasonContains.isBlank()) {
                // lowered on both sides by the database, so both follow one rule; '!' escapes % and _ (a backslash
                // would depend on PostgreSQL's standard_conforming_strings)
                where.add("LOWER(reason) LIKE LOWER(?) ESCAPE '!'");
                args.add("%" + reasonContains.strip().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        }
    }

    /** A page of the letters the filter leaves, oldest first: a store of 100,000 letters is shown a page at a time. */
    public List<DeadLetter> page(Filter filter, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = filter.where(args);
        args.add(limit);
        args.add(offset);
        return store.query("list dead letters", "SELECT * FROM roster_dead_letter" + where
                + " ORDER BY id LIMIT ? OFFSET ?", DeadLetters::read, args.toArray());
    }

    /** The next letters the filter leaves after the one with id {@code afterId}, by id: an export's walk. */
    public List<DeadLetter> pageAfter(Filter filter, long afterId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = filter.where(args);
        args.add(afterId);
        args.add(limit);
        return store.query("list dead letters", "SELECT * FROM roster_dead_letter" + where
                + (where.isEmpty() ? " WHERE" : " AND") + " id > ? ORDER BY id LIMIT ?", DeadLetters::read, args.toArray());
    }

    /** How many letters the filter leaves. */
    public long count(Filter filter) {
        List<Object> args = new ArrayList<>();
        String where = filter.where(args);
        return store.query("count dead letters", "SELECT COUNT(*) FROM roster_dead_letter" + where,
                rs -> rs.getLong(1), args.toArray()).get(0);
    }

    /** The open letters among these ids (the rest are closed or unknown), read by id only. */
    public List<DeadLetter> openByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return store.query("read the chosen dead letters", "SELECT * FROM roster_dead_letter WHERE status = ? AND id = ANY(?)"
                + " ORDER BY id", DeadLetters::read, DeadLetter.OPEN, ids.toArray(Long[]::new));
    }

    /** The keys of a job's open letters: the people a run must notice syncing, to resolve their letters. */
    public Set<String> openKeys(String job) {
        return new HashSet<>(store.query("read open dead-letter keys", "SELECT DISTINCT record_key FROM"
                + " roster_dead_letter WHERE job = ? AND status = ? AND record_key IS NOT NULL", rs -> rs.getString(1), job,
                DeadLetter.OPEN));
    }

    /** How many letters of each job are open (jobs with none are left out). */
    public Map<String, Long> openCounts() {
        Map<String, Long> out = new HashMap<>();
        store.query("count open dead letters", "SELECT job, COUNT(*) FROM roster_dead_letter WHERE status = ? GROUP BY job",
                rs -> out.put(rs.getString(1), rs.getLong(2)), DeadLetter.OPEN);
        return out;
    }

    /** Open letters of a job. */
    public List<DeadLetter> list(String job) {
        return list(job, DeadLetter.OPEN);
    }

    /** One person's dead letters in these jobs, newest first (a person's page; the index by job serves it). */
    public List<DeadLetter> ofPerson(Collection<String> jobs, String key) {
        return store.query("read the dead letters of " + key, "SELECT * FROM roster_dead_letter WHERE job = ANY(?)"
                + " AND record_key = ? ORDER BY id DESC", DeadLetters::read, jobs.toArray(String[]::new), key);
    }

    public Optional<DeadLetter> get(long id) {
        return store.query("read dead letter " + id, "SELECT * FROM roster_dead_letter WHERE id = ?", DeadLetters::read, id)
                .stream().findFirst();
    }

    /** Closes open letters for good; returns how many were open. */
    public int discard(Collection<Long> ids) {
        int n = 0;
        for (long id : ids) {
            n += store.update("discard dead letter " + id, "UPDATE roster_dead_letter SET status = ?, closed_at = ?,"
                    + " closed_by = ? WHERE id = ? AND status = ?", DeadLetter.DISCARDED, Instant.now(), "discarded", id,
                    DeadLetter.OPEN);
        }
        return n;
    }

    /**
     * After a run: the job's open letters whose person this run synced (applied, or found already in step) and that
     * did not fail again in this run are resolved. Returns how many.
     */
    public int resolve(RunReport run) {
        int n = 0;
        Set<String> synced = run.synced();
        // a whole read that no longer rejects a record has seen it fixed or gone: its letter is done too, whether it had
        // an address to key it by or only its row
        boolean wholeRead = run.readWhole();
        for (DeadLetter l : list(run.job(), DeadLetter.OPEN)) {
            boolean fixed = wholeRead && "mapping".equals(l.step());
            if (!l.run().equals(run.id()) && (synced.contains(l.key()) || fixed)) {
                n += store.update("resolve dead letter " + l.id(), "UPDATE roster_dead_letter SET status = ?,"
                        + " closed_at = ?, closed_by = ? WHERE id = ? AND status = ?", DeadLetter.RESOLVED, Instant.now(),
                        run.id(), l.id(), DeadLetter.OPEN);
            }
        }
        return n;
    }

    private static DeadLetter read(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("job"), rs.getString("run_id"), rs.getString("step"),
                rs.getString("record_key"), rs.getString("record"), rs.getString("reason"), Json.read(rs.getString("data")),
                StateStore.instant(rs, "created_at"), StateStore.instant(rs, "last_failed_at"), rs.getInt("attempts"),
                rs.getString("status"), StateStore.instant(rs, "closed_at"), rs.getString("closed_by"));
    }

    /** Longest value a letter keeps; a longer one is cut, with a marker and its original length. */
    static final int MAX_VALUE = 1000;

    /**
     * Fields named like a secret ({@link SecretMask#isSecretName}) are masked whole; any other value is masked where it
     * holds a secret's value, and cut to {@link #MAX_VALUE} characters: any value, of any size, fits the store.
     */
    static Map<String, String> mask(Map<String, String> data) {
        Map<String, String> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(cut(k), cut(SecretMask.maskField(k, v))));
        return out;
    }

    private static String cut(String v) {
        return v == null || v.length() <= MAX_VALUE ? v : v.substring(0, MAX_VALUE) + "… [cut: " + v.length() + " characters]";
    }
}
