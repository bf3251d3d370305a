package io.roster.targets.http;

import io.roster.state.StateStore;
import io.roster.state.StateStoreException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request budget per target account — at most {@code limit} requests in each window of time (Adobe caps an
 * account's calls per minute) — shared through the state database by every job and replica that addresses the account,
 * so together they never send more. Each process takes permits from the window's row a share at a time (a tenth of the
 * limit) and spends them only within that window, never in its last moments (a twentieth of it, at most 100 ms), so a
 * request taken in one window does not arrive in the next.
 */
public final class SharedRequestBudget implements RequestBudget {

    private static final Pattern SETTING = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m|h)\\s*");

    private final StateStore store;
    private final String account;
    private final int limit;
    private final long windowMillis;
    private final long margin;
    private final int share;
    private final Clock clock;
    private long window = -1;
    private int permits;

    public SharedRequestBudget(StateStore store, String account, int limit, Duration window, Clock clock) {
        if (limit < 1 || window.toMillis() < 100) {
            throw new IllegalArgumentException("a request budget needs at least 1 request per 100 ms or longer");
        }
        this.store = store;
        this.account = account;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.margin = Math.min(100, windowMillis / 20);
        this.share = Math.max(1, limit / 10);
        this.clock = clock;
    }

    /** "600/1m" (600 requests a minute), "40/10s", "20000/1h"; the setting is named for errors. */
    public static Limit parse(String value, String setting) {
        Matcher m = SETTING.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + " must look like 600/1m (requests per window: ms, s, m or h),"
                    + " not '" + value + "'");
        }
        long n = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        int limit = Integer.parseInt(m.group(1));
        if (limit < 1 || window.toMillis() < 100) {
            throw new IllegalArgumentException(setting + " must allow at least 1 request per window of 100 ms or more,"
                    + " not '" + value + "'");
        }
        return new Limit(limit, window);
    }

    /** A parsed budget: {@code limit} requests per {@code window}. */
    public record Limit(int limit, Duration window) {
    }

    @Override
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = clock.millis();
            long current = now / windowMillis;
            long left = (current + 1) * windowMillis - now;
            if (left <= margin) {
                Thread.sleep(left + 1); // nothing is sent in a window's last moments: it would arrive in the next one
                continue;
            }
            if (current != window) {
                window = current;
                permits = 0;
            }
            if (permits > 0) {
                permits--;
                return;
            }
            int got = take(current, share);
            if (got > 0) {
                permits = got - 1;
                return;
            }
            Thread.sleep(left + 1); // spent: wait for the next window
        }
    }

    /** Takes up to {@code want} permits of the window's row; 0 when none are left. */
    private int take(long win, int want) {
        while (true) {
            List<Integer> used = store.query("read the request budget of " + account,
                    "SELECT used FROM roster_request_budget WHERE account = ? AND win = ?", rs -> rs.getInt(1), account, win);
            if (used.isEmpty()) {
                int first = Math.min(want, limit);
                try {
                    store.update("open the request budget of " + account, "INSERT INTO roster_request_budget"
                            + " (account, win, used) VALUES (?, ?, ?)", account, win, first);
                    store.update("forget old request budgets", "DELETE FROM roster_request_budget WHERE account = ?"
                            + " AND win < ?", account, win - 10);
                    return first;
                } catch (StateStoreException e) {
                    continue; // another process opened it first: take from it as usual
                }
            }
            int grant = Math.min(want, limit - used.get(0));
            if (grant <= 0) {
                return 0;
            }
            // compare-and-set: another process taking at the same time makes this one read again
            if (store.update("take from the request budget of " + account, "UPDATE roster_request_budget SET used = ?"
                    + " WHERE account = ? AND win = ? AND used = ?", used.get(0) + grant, account, win, used.get(0)) == 1) {
                return grant;
            }
        }
    }
}
