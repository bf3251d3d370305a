package io.roster.targets.signature365;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.config.JobConfigException;
import io.roster.targets.http.CircuitBreakerGuard;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.Sleeper;
import io.roster.targets.http.TargetCallSettings;
import io.roster.targets.http.TargetHttpClients;
import io.roster.targets.http.TargetRequestMetrics;
import io.roster.targets.http.ThrottleGate;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/** The configured Signature 365 tenant ({@code roster.signature365.*}): its client and its field tokens. */
@ApplicationScoped
public class Signature365Target {

    /** How the state store names this target. */
    public static final String NAME = "signature365";

    private final Signature365Settings config;
    private final Signature365Fields fields;
    private final TargetRequestMetrics metrics;
    private volatile Signature365Client client;

    public Signature365Target(Signature365Settings config, TargetRequestMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.fields = new Signature365Fields(this.config.standardFields(), this.config.customFields().orElse(List.of()));
    }

    public Signature365Fields fields() {
        return fields;
    }

    public boolean connected() {
        return config.secret().filter(s -> !s.isBlank()).isPresent();
    }

    public Signature365Client client() {
        Signature365Client c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (client == null) {
                String secret = config.secret().filter(s -> !s.isBlank()).orElseThrow(() -> new JobConfigException(
                        "Signature 365 has no secret: set ROSTER_SIGNATURE365_SECRET (from a Secret) to the one the"
                                + " Signature 365 Database integration page generates; without it only a dry run is possible"));
                TargetCallSettings.Retry r = config.retry();
                TargetCallSettings.CircuitBreaker cb = config.circuitBreaker();
                client = new Signature365Client(config.baseUrl(), config.path(), config.authHeader(), config.authScheme(),
                        secret, config.sourceName(), config.batchSize(),
                        TargetHttpClients.build(config.connectTimeout()),
                        config.timeout(), new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(), r.maxRetryAfter()),
                        new ThrottleGate(Clock.systemUTC(), config.maxRequestsPerSecond()),
                        new CircuitBreakerGuard("signature365", "Signature 365", Signature365UnavailableException.class,
                                cb.window(), cb.failureRatio(), cb.delay(),
                                (reason, e) -> new Signature365UnavailableException("Signature 365 " + reason, e, true)),
                        Sleeper.REAL, new ObjectMapper(), metrics.requests("signature365"));
            }
            return client;
        }
    }
}
