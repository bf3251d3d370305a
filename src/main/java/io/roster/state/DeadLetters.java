package io.roster.state;

import io.roster.mapping.Rejection;
import io.roster.plan.SignAction;
import io.roster.plan.Signature365Upsert;
import io.roster.run.SyncRun;
import io.roster.secrets.SecretMask;
import io.roster.targets.sign.CircuitOpenException;
import io.roster.targets.sign.SignApiException;
import io.roster.targets.signature365.Signature365Batch;
import io.roster.targets.signature365.Signature365Exception;
import io.roster.targets.signature365.Signature365UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
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
import java.util.regex.Pattern;

/**
 * The dead-letter store: every record that could not be synced, with its job, run, step, reason and data (secret-
 * looking fields masked), in the state store. Reached from the routes' dead-letter channel
 * ({@code direct:dead-letter}) for failed writes and for records the mapping rejected. Letters are listed,
 * discarded, and resolved when a later run syncs their person.
 */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|secret|token|key|credential).*");

    private final StateStore store;
    private final ChangeJournal journal;

    public DeadLetters(StateStore store, ChangeJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    /** Takes whatever failed — a rejected row or a target action — from the exchange the channel delivers. */
    public void store(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Object body = exchange.getIn().getBody();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : String.valueOf(cause.getMessage());
        String step;
        String key;
        String record;
        Map<String, String> data;
        if (body instanceof Rejection r) {
            step = "mapping";
            key = r.key() == null ? r.record() : r.key();
            record = r.record();
            reason = r.message();
            data = mask(r.data());
            run.failed(key, null, "mapping", reason);
        } else if (body instanceof SignAction a) {
            step = a.target();
            key = a.key();
            record = a.email() + " in Sign account " + a.org();
            data = new LinkedHashMap<>();
            data.put("email", a.email());
            data.put("org", a.org());
            data.put("action", a.reportName());
            data.put("detail", a.detail());
            data.put("source", a.source());
            a.profile().forEach(data::put);
            data = mask(data);
            run.failed(a.email(), a.org(), a.reportName(), reason);
            if (cause instanceof CircuitOpenException && run.error() == null) {
                // The account is down: the run fails as a whole; its records wait here for the next run.
                run.error("Sign account " + a.org() + " is unavailable (" + reason + "); changes not applied are kept"
                        + " as dead letters and retried by the next run");
            }
            if (a.kind() == SignAction.Kind.CREATE && cause instanceof SignApiException e
                    && e.refused()) {
                journal.failed(run.job(), a.target(), a.key());
            }
        } else if (body instanceof TargetRejection t) {
            step = t.step();
            key = t.key();
            record = t.record();
            reason = t.reason();
            data = mask(t.data());
            run.failed(t.key(), null, t.step(), reason);
        } else if (body instanceof Signature365Batch batch) {
            // The whole request failed: every user in it becomes a letter of its own.
            if (cause instanceof Signature365Exception e && run.error() == null
                    && (e.authRefused() || e instanceof Signature365UnavailableException u && u.circuitOpen())) {
                run.error("Signature 365 cannot be written to (" + reason + "); changes not sent are kept as dead"
                        + " letters and retried by the next run");
            }
            for (Signature365Upsert u : batch.upserts()) {
                run.failed(u.email(), null, "signature365", reason);
                put(run, "signature365", u.key(), u.email() + " (" + u.rows() + ")", reason, mask(u.fields()));
            }
            LOG.warnf("dead letters: job %s, a batch of %d users: %s", run.job(), batch.upserts().size(),
                    SecretMask.apply(reason));
            return;
        } else {
            step = "unknown";
            key = String.valueOf(body);
            record = key;
            data = Map.of();
            run.failed(key, null, null, reason);
        }
        LOG.warnf("dead letter: job %s, %s: %s", run.job(), record, SecretMask.apply(reason));
        put(run, step, key, record, reason, data);
    }

    private void put(SyncRun run, String step, String key, String record, String unmaskedReason, Map<String, String> data) {
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
    public int resolve(SyncRun run, Set<String> synced) {
        int n = 0;
        // a whole read that no longer rejects a record has seen it fixed or gone: its letter is done too, whether it had
        // an address to key it by or only its row
        var read = run.sourceRead();
        boolean wholeRead = read.people() != null && read.incomplete() == null;
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
     * Fields named like a secret are masked whole; any other value is masked where it holds a secret's value, and cut
     * to {@link #MAX_VALUE} characters: any value, of any size, fits the store.
     */
    static Map<String, String> mask(Map<String, String> data) {
        Map<String, String> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(cut(k), SECRET_NAME.matcher(k).matches() ? SecretMask.MASK : cut(SecretMask.apply(v))));
        return out;
    }

    private static String cut(String v) {
        return v == null || v.length() <= MAX_VALUE ? v : v.substring(0, MAX_VALUE) + "… [cut: " + v.length() + " characters]";
    }
}
