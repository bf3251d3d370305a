package io.roster.state;

import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The run table: a row is written when a run starts, its counters at every checkpoint, and its outcome at the end.
 * A row still "running" when the next run of its job starts belongs to a run that was killed: it becomes
 * "interrupted" and the new run resumes from it.
 */
@ApplicationScoped
public class RunHistory {

    public static final String RUNNING = "running";
    public static final String INTERRUPTED = "interrupted";

    private static final String COUNTS = "processed, created, updated, reactivated, deactivated, reset, unchanged, skipped,"
            + " vanished, failed";

    private final StateStore store;

    public RunHistory(StateStore store) {
        this.store = store;
    }

    /** Records the start; returns the id of the killed run this one resumes from, if there is one. */
    public Optional<String> begin(RunReport run, String host) {
        return store.transaction("record the start of run " + run.id(), c -> {
            List<String> killed = StateStore.query(c,
                    "SELECT run_id FROM roster_run WHERE job = ? AND status = ? ORDER BY started_at DESC",
                    rs -> rs.getString(1), run.job(), RUNNING);
            for (String id : killed) {
                StateStore.update(c, "UPDATE roster_run SET status = ?, error = ? WHERE run_id = ?", INTERRUPTED,
                        "stopped before its end (process killed or crashed); resumed by run " + run.id(), id);
            }
            // The job's last run, if it ended before its end: killed just now, or stopped at a batch boundary
            Optional<String> resumed = killed.stream().findFirst();
            if (resumed.isEmpty()) {
                resumed = StateStore.query(c, 1, "SELECT run_id, status FROM roster_run WHERE job = ? AND dry_run = FALSE"
                                + " ORDER BY started_at DESC", rs -> new String[] {rs.getString(1), rs.getString(2)}, run.job())
                        .stream().filter(r -> INTERRUPTED.equals(r[1])).map(r -> r[0]).findFirst();
            }
            StateStore.update(c, "INSERT INTO roster_run (run_id, job, started_by, host, started_at, dry_run, status, resumed_from)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    run.id(), run.job(), StateStore.fit(run.startedBy(), 200), StateStore.fit(host, 200), run.started(),
                    run.dryRun(), RUNNING, resumed.orElse(null));
            return resumed;
        });
    }

    /** A batch applied to its end: the checkpoint and the run's counters so far, in one transaction. */
    public void checkpoint(RunReport run, int batchNo, int actions) {
        store.transaction("checkpoint batch " + batchNo + " of run " + run.id(), c -> {
            StateStore.update(c, "INSERT INTO roster_checkpoint (run_id, batch_no, actions, done_at) VALUES (?, ?, ?, ?)",
                    run.id(), batchNo, actions, Instant.now());
            writeCounts(c, run, "batches_done = batches_done + 1");
            return null;
        });
    }

    public void finish(RunReport run, Instant ended) {
        store.transaction("record the end of run " + run.id(), c -> {
            writeCounts(c, run, "status = '" + run.outcome() + "', exit_code = " + run.exitCode());
            StateStore.update(c, "UPDATE roster_run SET finished_at = ?, duration_ms = ?, error = ?, source_records = ?,"
                            + " source_people = ?, removals_withheld = ? WHERE run_id = ?",
                    ended, Duration.between(run.started(), ended).toMillis(),
                    StateStore.fit(run.error() != null ? run.error() : run.interruption(), 4000),
                    run.sourceRecords(), run.sourcePeople(), StateStore.fit(run.removalsWithheld().orElse(null), 4000),
                    run.id());
            return null;
        });
    }

    private static void writeCounts(Connection c, RunReport run, String extra) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE roster_run SET ");
        for (Count k : Count.values()) {
            sql.append(k.name().toLowerCase(Locale.ROOT)).append(" = ?, ");
        }
        sql.append("target_requests = ?, target_throttled = ?, ").append(extra).append(" WHERE run_id = ?");
        Object[] args = new Object[Count.values().length + 3];
        for (Count k : Count.values()) {
            args[k.ordinal()] = run.count(k);
        }
        args[args.length - 3] = run.targetRequests();
        args[args.length - 2] = run.targetThrottled();
        args[args.length - 1] = run.id();
        StateStore.update(c, sql.toString(), args);
    }

    /** Newest first; all jobs when job is null. */
    public List<RunRecord> list(String job, int limit) {
        String where = job == null ? "" : " WHERE job = ?";
        Object[] args = job == null ? new Object[0] : new Object[] {job};
        return store.queryFirst("list runs", limit, "SELECT * FROM roster_run" + where + " ORDER BY started_at DESC",
                RunHistory::read, args);
    }

    public Optional<RunRecord> get(String runId) {
        return store.query("read run " + runId, "SELECT * FROM roster_run WHERE run_id = ?", RunHistory::read, runId)
                .stream().findFirst();
    }

    /** Batches the run checkpointed. */
    public int batchesDone(String runId) {
        return get(runId).map(RunRecord::batchesDone).orElse(0);
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : COUNTS.split(", ")) {
            counts.put(name, rs.getLong(name));
        }
        return new RunRecord(rs.getString("run_id"), rs.getString("job"), rs.getString("started_by"),
                rs.getString("host"), StateStore.instant(rs, "started_at"), StateStore.instant(rs, "finished_at"),
                rs.getBoolean("dry_run"), rs.getString("status"), (Integer) rs.getObject("exit_code"),
                rs.getString("resumed_from"), (Integer) rs.getObject("source_records"),
                (Integer) rs.getObject("source_people"), rs.getInt("batches_done"), counts,
                rs.getLong("target_requests"), rs.getLong("target_throttled"), (Long) rs.getObject("duration_ms"), rs.getString("error"));
    }
}
