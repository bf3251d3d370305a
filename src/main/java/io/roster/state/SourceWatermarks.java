package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/** The watermark of each job's incremental reads, recorded only when a run ends cleanly (so nothing is skipped). */
@ApplicationScoped
public class SourceWatermarks {

    private final StateStore store;

    public SourceWatermarks(StateStore store) {
        this.store = store;
    }

    public Optional<SourceWatermark> last(String job) {
        return store.query("read the source watermark of " + job,
                "SELECT watermark, full_read_at FROM roster_source_watermark WHERE job = ?",
                rs -> new SourceWatermark(rs.getString(1), StateStore.instant(rs, "full_read_at")), job).stream().findFirst();
    }

    public void record(String job, String runId, SourceWatermark w) {
        store.transaction("record the source watermark of " + job, c -> {
            int n = StateStore.update(c, "UPDATE roster_source_watermark SET watermark = ?, full_read_at = ?, run_id = ?,"
                    + " recorded_at = ? WHERE job = ?", w.watermark(), w.fullReadAt(), runId, Instant.now(), job);
            if (n == 0) {
                StateStore.update(c, "INSERT INTO roster_source_watermark (job, watermark, full_read_at, run_id, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?)", job, w.watermark(), w.fullReadAt(), runId, Instant.now());
            }
            return null;
        });
    }

    /** The target no longer shows what the runs since the last full read synced (an undo): the next read is a full one. */
    public void forget(String job) {
        store.update("forget the source watermark of " + job, "DELETE FROM roster_source_watermark WHERE job = ?", job);
    }
}
