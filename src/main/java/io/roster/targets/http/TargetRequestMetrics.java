package io.roster.targets.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code roster_target_requests_total{target,status}}: every request a target's client sends, by HTTP status or
 * failure; {@code roster_target_throttled_total{target}} and {@code roster_target_throttle_wait_seconds_total{target}}:
 * each time the target asked to wait (429 and its Retry-After, load shedding, a throttled part of a batch), and the
 * waits it asked for.
 */
@ApplicationScoped
public class TargetRequestMetrics {

    private final MeterRegistry registry;

    public TargetRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter a target's HTTP client reports each request to (each status's counter looked up once). */
    public RequestCounter requests(String target) {
        Map<String, Counter> byStatus = new ConcurrentHashMap<>();
        Counter throttled = Counter.builder("roster.target.throttled").tag("target", target)
                .description("Answers of the target that asked Roster to wait").register(registry);
        Counter waited = Counter.builder("roster.target.throttle.wait").baseUnit("seconds").tag("target", target)
                .description("Time the target asked Roster to wait, in all").register(registry);
        return new RequestCounter() {
            @Override
            public void count(String outcome) {
                byStatus.computeIfAbsent(outcome,
                        o -> registry.counter("roster.target.requests", "target", target, "status", o)).increment();
            }

            @Override
            public void throttled(java.time.Duration wait) {
                throttled.increment();
                waited.increment(wait.toMillis() / 1000.0);
            }
        };
    }
}
