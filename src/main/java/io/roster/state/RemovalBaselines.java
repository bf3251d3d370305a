package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * Where each job's removal baseline is kept: the last run whose source read was whole and whose removals were not
 * withheld (dry runs never count), or a newer size an admin accepted. Acceptances are never deleted: they are the
 * audit of who let a smaller source remove people, and when.
 */
@ApplicationScoped
public class RemovalBaselines {

    private final StateStore store;

    public RemovalBaselines(StateStore store) {
        this.store = store;
    }

    /** The newer of the last clean run and the last accepted size. */
    public Optional<RemovalBaseline> of(String job) {
        Optional<RemovalBaseline> run = store.queryFirst("read the removal baseline of " + job, 1,
                "SELECT run_id, source_people, started_at FROM roster_run WHERE job = ? AND dry_run = FALSE"
                        + " AND status IN ('ok', 'attention') AND source_people IS NOT NULL AND removals_withheld IS NULL"
                        + " ORDER BY started_at DESC",
                rs -> new RemovalBaseline(rs.getInt("source_people"), "the last clean run " + rs.getString("run_id"),
                        StateStore.instant(rs, "started_at")), job).stream().findFirst();
        Optional<RemovalBaseline> accepted = store.queryFirst("read the accepted source size of " + job, 1,
                "SELECT people, accepted_by, accepted_at FROM roster_source_acceptance WHERE job = ?"
                        + " ORDER BY accepted_at DESC, id DESC",
                rs -> new RemovalBaseline(rs.getInt("people"), "the size " + rs.getString("accepted_by") + " accepted",
                        StateStore.instant(rs, "accepted_at")), job).stream().findFirst();
        if (run.isEmpty()) {
            return accepted;
        }
        if (accepted.isEmpty()) {
            return run;
        }
        return accepted.get().at().isAfter(run.get().at()) ? accepted : run;
    }

    /** An admin accepts {@code people} as the job's new source size; returns the baseline it replaced. */
    public Optional<RemovalBaseline> accept(String job, int people, String by) {
        if (people < 0) {
            throw new IllegalArgumentException("the accepted source size must be 0 or more, not " + people);
        }
        Optional<RemovalBaseline> before = of(job);
        store.update("record the accepted source size of " + job,
                "INSERT INTO roster_source_acceptance (job, people, accepted_by, accepted_at, replaced_people, replaced_what)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                job, people, StateStore.fit(by, 200), Instant.now(),
                before.map(b -> (int) b.people()).orElse(null), before.map(b -> StateStore.fit(b.what(), 300)).orElse(null));
        return before;
    }
}
