package io.roster.targets.sign;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How Roster keeps up with what Sign's lists do not show (status, primary group), per account ({@code target} =
 * {@code sign:<org>}): {@code roster_sign_user_rechecks_total}, users read in detail because what Roster remembered of
 * them was due for a re-check ({@code roster.sign.recheck-window}) or unknown — the re-check's cost in requests;
 * {@code roster_sign_users_changed_outside_total}, re-checks that found a user changed in Sign, not by Roster; and
 * {@code roster_sign_user_facts_oldest_timestamp_seconds}, when the oldest remembered fact the last read relied on was
 * learned (0 before the first read): {@code time() -} it stays under {@code roster_sign_recheck_window_seconds} while
 * re-checks keep up.
 * Registered for every configured account at start, so dashboards and alerts find them before the first run.
 */
@ApplicationScoped
public class SignRecheckMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> oldest = new ConcurrentHashMap<>();
    private final Map<String, Counter> rechecks = new ConcurrentHashMap<>();
    private final Map<String, Counter> changedOutside = new ConcurrentHashMap<>();

    private final long windowSeconds;

    public SignRecheckMetrics(MeterRegistry registry, SignSettings settings) {
        this.registry = registry;
        this.windowSeconds = settings.recheckWindow().toSeconds();
    }

    void onStart(@Observes StartupEvent start, SignSettings settings) {
        settings.orgs().keySet().forEach(this::meters);
    }

    /** One read of an account: users read in detail, those found changed in Sign (real runs only), the oldest fact relied on. */
    public void read(String org, int detailsRead, int changedInSign, long oldestKnownMillis) {
        meters(org);
        rechecks.get(org).increment(detailsRead);
        changedOutside.get(org).increment(changedInSign);
        oldest.get(org).set(oldestKnownMillis / 1000);
    }

    private void meters(String org) {
        String target = "sign:" + org;
        oldest.computeIfAbsent(org, o -> {
            // a registry that outlives this bean (Quarkus restarted in one JVM) would keep the old bean's gauges
            for (String name : java.util.List.of("roster.sign.user.facts.oldest.timestamp", "roster.sign.recheck.window")) {
                io.micrometer.core.instrument.Meter old = registry.find(name).tag("target", target).meter();
                if (old != null) {
                    registry.remove(old);
                }
            }
            Gauge.builder("roster.sign.recheck.window", () -> windowSeconds).baseUnit("seconds")
                    .description("roster.sign.recheck-window: each user's status and primary group are read again within it")
                    .tag("target", target).register(registry);
            AtomicLong value = new AtomicLong();
            Gauge.builder("roster.sign.user.facts.oldest.timestamp", value, AtomicLong::get).baseUnit("seconds")
                    .description("When the oldest remembered status or primary group the account's last read relied on"
                            + " was learned; 0 before the first read").tag("target", target).register(registry);
            return value;
        });
        rechecks.computeIfAbsent(org, o -> Counter.builder("roster.sign.user.rechecks").tag("target", target)
                .description("Sign users read in detail: what Roster remembered of them was due for a re-check or unknown")
                .register(registry));
        changedOutside.computeIfAbsent(org, o -> Counter.builder("roster.sign.users.changed.outside").tag("target", target)
                .description("Re-checks that found a Sign user changed in Sign, not by Roster").register(registry));
    }
}
