package io.roster.state;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Roster's copy of a target that reports its changes (Entra ID's delta query): per scope, each object as the target
 * returned it, and the link that yields what changed since. A run reads the copy and the changes, not the whole
 * target; the copy and the link are saved together, so a run that fails midway leaves the last good pair.
 */
@ApplicationScoped
public class TargetCache {

    private static final int ROWS_PER_FETCH = 5_000;

    private final StateStore store;

    public TargetCache(StateStore store) {
        this.store = store;
    }

    /** The link that yields the changes since the copy was saved; empty when there is no copy. */
    public Optional<String> link(String scope) {
        return store.query("read the change link of " + scope, "SELECT link FROM roster_target_link WHERE scope = ?",
                rs -> rs.getString(1), scope).stream().findFirst();
    }

    /** The copy: object id → body. */
    public Map<String, String> load(String scope) {
        Map<String, String> out = new HashMap<>();
        store.stream("read the copy of " + scope, ROWS_PER_FETCH,
                "SELECT object_id, body FROM roster_target_object WHERE scope = ?",
                rs -> out.put(rs.getString(1), rs.getString(2)), scope);
        return out;
    }

    /** Each object of the copy, streamed: id and body. */
    public void each(String scope, java.util.function.BiConsumer<String, String> each) {
        store.stream("read the copy of " + scope, ROWS_PER_FETCH,
                "SELECT object_id, body FROM roster_target_object WHERE scope = ?",
                rs -> each.accept(rs.getString(1), rs.getString(2)), scope);
    }

    /** Some objects of the copy: object id → body (ids the copy lacks are left out). */
    public Map<String, String> some(String scope, java.util.Collection<String> ids) {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        store.stream("read some of the copy of " + scope, ROWS_PER_FETCH,
                "SELECT object_id, body FROM roster_target_object WHERE scope = ? AND object_id = ANY(?)",
                rs -> out.put(rs.getString(1), rs.getString(2)), scope, ids.toArray(String[]::new));
        return out;
    }

    /** New bodies for objects of the copy, the link left as it is (what Roster knows of them beyond the target's word). */
    public void put(String scope, Map<String, String> bodies) {
        if (bodies.isEmpty()) {
            return;
        }
        store.replacing("annotate the copy of " + scope, c -> {
            List<Object[]> rows = new ArrayList<>(bodies.size());
            bodies.forEach((id, body) -> rows.add(new Object[]{body, scope, id}));
            StateStore.batch(c, "UPDATE roster_target_object SET body = ? WHERE scope = ? AND object_id = ?", rows);
            return null;
        });
    }

    /** A whole new copy and its link (a first read, or one the target asked to start over). */
    public void replace(String scope, Map<String, String> objects, String link) {
        store.replacing("save the copy of " + scope, c -> {
            StateStore.update(c, "DELETE FROM roster_target_object WHERE scope = ?", scope);
            List<Object[]> rows = new ArrayList<>(objects.size());
            objects.forEach((id, body) -> rows.add(new Object[]{scope, id, body}));
            StateStore.batch(c, "INSERT INTO roster_target_object (scope, object_id, body) VALUES (?, ?, ?)", rows);
            saveLink(c, scope, link);
            return null;
        });
    }

    /** The changed objects (their bodies now), the removed ones, and the new link, together. */
    public void update(String scope, Map<String, String> changed, Set<String> removed, String link) {
        store.replacing("save the changes of " + scope, c -> {
            List<Object[]> gone = new ArrayList<>();
            removed.forEach(id -> gone.add(new Object[]{scope, id}));
            changed.keySet().forEach(id -> gone.add(new Object[]{scope, id}));
            StateStore.batch(c, "DELETE FROM roster_target_object WHERE scope = ? AND object_id = ?", gone);
            List<Object[]> rows = new ArrayList<>(changed.size());
            changed.forEach((id, body) -> rows.add(new Object[]{scope, id, body}));
            StateStore.batch(c, "INSERT INTO roster_target_object (scope, object_id, body) VALUES (?, ?, ?)", rows);
            saveLink(c, scope, link);
            return null;
        });
    }

    private static void saveLink(java.sql.Connection c, String scope, String link) throws java.sql.SQLException {
        if (StateStore.update(c, "UPDATE roster_target_link SET link = ?, recorded_at = ? WHERE scope = ?", link,
                Instant.now(), scope) == 0) {
            StateStore.update(c, "INSERT INTO roster_target_link (scope, link, recorded_at) VALUES (?, ?, ?)", scope,
                    link, Instant.now());
        }
    }
}
