package io.roster.targets.sign;

import io.roster.plan.SignUser;
import io.roster.state.StateStore;
import io.roster.state.StateStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state store's memory of Sign users' facts ({@link SignUserFact}), per account: loaded once per read, written for
 * the users a run read in detail or changed. Shared by every job and replica on the account.
 */
@ApplicationScoped
public class SignUserMemory {

    private static final Logger LOG = Logger.getLogger("io.roster.sign");

    private final StateStore store;

    public SignUserMemory(StateStore store) {
        this.store = store;
    }

    /** One string per status for the whole account, not one per user. */
    private static String status(String s) {
        return switch (s) {
            case SignUser.ACTIVE -> SignUser.ACTIVE;
            case SignUser.INACTIVE -> SignUser.INACTIVE;
            default -> s;
        };
    }

    /** Every fact of the account, by user id. */
    public Map<String, SignUserFact> load(String org) {
        Map<String, SignUserFact> out = new HashMap<>();
        store.stream("read what is known of the Sign users of " + org, 10_000,
                "SELECT user_id, status, primary_group_id, checked_at_ms FROM roster_sign_user WHERE org = ?",
                rs -> out.put(rs.getString(1), new SignUserFact(rs.getString(1), status(rs.getString(2)),
                        rs.getString(3), rs.getLong(4))), org);
        return out;
    }

    /**
     * Replaces the facts of these users, learned at one time (the first one's), in one transaction; false when the state
     * store would not take them. Memory saves requests, nothing depends on it: the run goes on, and those users are read
     * from Sign again next run.
     */
    public boolean save(String org, Collection<SignUserFact> facts) {
        if (facts.isEmpty()) {
            return true;
        }
        Map<String, SignUserFact> byId = new LinkedHashMap<>();
        facts.forEach(f -> byId.put(f.userId(), f));
        String[] ids = byId.keySet().toArray(String[]::new);
        String[] statuses = byId.values().stream().map(SignUserFact::status).toArray(String[]::new);
        String[] primaries = byId.values().stream().map(SignUserFact::primaryGroupId).toArray(String[]::new);
        // every job and replica on the account remembers into the same rows
        try {
            store.replacing("remember what is known of " + ids.length + " Sign users of " + org, c -> {
            StateStore.update(c, "DELETE FROM roster_sign_user WHERE org = ? AND user_id = ANY(?)", org, ids);
            Map<String, String[]> columns = new LinkedHashMap<>();
            columns.put("user_id", ids);
            columns.put("status", statuses);
            columns.put("primary_group_id", primaries);
            Map<String, Object> shared = new LinkedHashMap<>();
            shared.put("org", org);
            shared.put("checked_at_ms", byId.values().iterator().next().checkedAtMillis());
            StateStore.insertAll(c, "roster_sign_user", shared, columns);
            return null;
            });
            return true;
        } catch (StateStoreException e) {
            LOG.warnf("%s; they are read from Sign again next run", e.getMessage());
            return false;
        }
    }

    /**
     * Forgets what is known of these users: a change is about to be sent to them, and until it is confirmed (and
     * remembered as written) only Sign can tell whether it landed.
     */
    public void forget(String org, Collection<String> userIds) {
        if (!userIds.isEmpty()) {
            store.update("forget what is known of " + userIds.size() + " Sign users of " + org,
                    "DELETE FROM roster_sign_user WHERE org = ? AND user_id = ANY(?)", org, userIds.toArray(String[]::new));
        }
    }
}
