package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * The last "source version" per job (the value of its version query, e.g. {@code max(updated_at)}) that a run
 * synced completely. A cycle whose version query returns the same value has nothing new to read and is skipped.
 */
@ApplicationScoped
public class SourceVersions {

    private final StateStore store;

    public SourceVersions(StateStore store) {
        this.store = store;
    }

    public Optional<String> last(String job) {
        return store.query("read the source version of " + job, "SELECT version FROM roster_source_version WHERE job = ?",
                rs -> rs.getString(1), job).stream().findFirst();
    }

    public void record(String job, String runId, String version) {
        store.replacing("record the source version of " + job, c -> {
            int n = StateStore.update(c, "UPDATE roster_source_version SET version = ?, run_id = ?, recorded_at = ? WHERE job = ?",
                    version, runId, Instant.now(), job);
            if (n == 0) {
                StateStore.update(c, "INSERT INTO roster_source_version (job, version, run_id, recorded_at) VALUES (?, ?, ?, ?)",
                        job, version, runId, Instant.now());
            }
            return null;
        });
    }

    /** The target no longer shows what the last version's run synced (an undo): the next cycle reads the source again. */
    public void forget(String job) {
        store.update("forget the source version of " + job, "DELETE FROM roster_source_version WHERE job = ?", job);
    }
}
