package io.roster.targets.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.config.JobConfigException;
import io.roster.targets.http.HttpRetries;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.Sleeper;
import io.roster.targets.http.TargetCallSettings;
import io.roster.targets.http.TargetHttpClients;
import io.roster.targets.http.TargetRequestMetrics;
import io.roster.targets.http.ThrottleGate;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;

/** The configured Entra ID tenant ({@code roster.entra.*}): its Graph client, made on first use. */
@ApplicationScoped
public class EntraTarget {

    /** How the state store names this target. */
    public static final String NAME = "entra";

    private final EntraSettings config;
    private final TargetRequestMetrics metrics;
    private volatile GraphClient client;

    public EntraTarget(EntraSettings config, TargetRequestMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Whether the tenant and the app's credentials are set (a dry run without them only shows what it would write). */
    public boolean configured() {
        return config.tenant().filter(s -> !s.isBlank()).isPresent()
                && config.clientId().filter(s -> !s.isBlank()).isPresent()
                && (config.clientSecret().filter(s -> !s.isBlank()).isPresent()
                || config.certificate().filter(s -> !s.isBlank()).isPresent());
    }

    /** The tenant written to (roster.entra.tenant). */
    public String tenant() {
        return config.tenant().orElse("");
    }

    public GraphClient client() {
        GraphClient c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (client == null) {
                if (!configured()) {
                    throw new JobConfigException("Entra ID is not configured: set roster.entra.tenant, roster.entra.client-id"
                            + " and ROSTER_ENTRA_CLIENT_SECRET (from a Secret), or roster.entra.certificate, for an app"
                            + " registration with the application permission User.ReadWrite.All");
                }
                TargetCallSettings.Retry r = config.retry();
                RetryPolicy retry = new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(), r.maxRetryAfter());
                HttpClient http = TargetHttpClients.build(config.connectTimeout());
                ClientCredential credential = config.certificate().filter(s -> !s.isBlank())
                        .map(path -> ClientCredential.certificate(Path.of(path),
                                config.certificatePassword().orElse("").toCharArray(), Clock.systemUTC()))
                        .orElseGet(() -> ClientCredential.secret(config.clientSecret().orElseThrow()));
                HttpRetries retries = new HttpRetries(retry, new ThrottleGate(Clock.systemUTC(),
                        config.maxRequestsPerSecond()), Sleeper.REAL, metrics.requests(NAME), config.timeout());
                GraphToken token = new GraphToken(config.tokenUrl().replace("{tenant}", config.tenant().orElseThrow()),
                        config.clientId().orElseThrow(), credential,
                        config.scope().orElse(config.graphUrl().replaceAll("/+$", "") + "/.default"), http,
                        config.timeout(), Clock.systemUTC()).retriedBy(retries);
                client = new GraphClient(config.graphUrl(), token, http, config.timeout(), retries, retry, new ObjectMapper(), Executors.newFixedThreadPool(Math.max(1,
                                config.concurrency()), r2 -> {
                                    Thread t = new Thread(r2, "roster-entra-writer");
                                    t.setDaemon(true);
                                    return t;
                                }));
            }
            return client;
        }
    }
}
