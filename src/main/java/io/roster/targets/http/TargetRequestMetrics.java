package io.roster.targets.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code roster_target_requests_total{target,status}}: every request a target's client sends, by HTTP status or failure. */
@ApplicationScoped
public class TargetRequestMetrics {

    private final MeterRegistry registry;

    public TargetRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter a target's HTTP client reports each request to (each status's counter looked up once). */
    public RequestCounter requests(String target) {
        Map<String, Counter> byStatus = new ConcurrentHashMap<>();
        return outcome -> byStatus.computeIfAbsent(outcome,
                o -> registry.counter("roster.target.requests", "target", target, "status", o)).increment();
    }
}
