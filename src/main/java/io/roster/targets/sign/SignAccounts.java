package io.roster.targets.sign;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.config.JobConfigException;
import io.roster.mapping.Emails;
import io.roster.plan.OrgPolicy;
import io.roster.state.StateStore;
import io.roster.targets.http.BaseUrls;
import io.roster.targets.http.CircuitBreakerGuard;
import io.roster.targets.http.RequestBudget;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.SharedRequestBudget;
import io.roster.targets.http.TargetCallSettings;
import io.roster.targets.http.TargetHttpClients;
import io.roster.targets.http.TargetRequestMetrics;
import io.roster.targets.http.ThrottleGate;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured Sign accounts ({@code roster.sign.orgs.<org>.*}): one client per account, all sharing one
 * kept-alive HTTP connection pool, each with its own throttle gate (Retry-After, request-rate limit) and circuit
 * breaker.
 */
@ApplicationScoped
public class SignAccounts {

    private final SignSettings config;
    private final TargetRequestMetrics metrics;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, SignClient> clients = new ConcurrentHashMap<>();

    private final StateStore state;

    public SignAccounts(SignSettings config, TargetRequestMetrics metrics, StateStore state) {
        this.state = state;
        this.config = config;
        this.metrics = metrics;
        this.http = TargetHttpClients.build(config.connectTimeout());
    }

    public SignSettings.Org settings(String org) {
        SignSettings.Org o = config.orgs().get(org);
        if (o == null) {
            throw new JobConfigException("Sign account '" + org + "' is not configured: set roster.sign.orgs." + org
                    + ".base-url and roster.sign.orgs." + org + ".integration-key (env ROSTER_SIGN_ORGS_"
                    + org.toUpperCase().replace('-', '_') + "_INTEGRATION_KEY); configured: " + config.orgs().keySet());
        }
        return o;
    }

    /** Whether Roster can talk to this account at all (it has an integration key). */
    public boolean connected(String org) {
        return settings(org).integrationKey().filter(k -> !k.isBlank()).isPresent();
    }

    public SignClient client(String org) {
        return clients.computeIfAbsent(org, o -> {
            SignSettings.Org s = settings(o);
            String key = s.integrationKey().filter(k -> !k.isBlank()).orElseThrow(() -> new JobConfigException(
                    "Sign account '" + o + "' has no integration key: set ROSTER_SIGN_ORGS_"
                            + o.toUpperCase().replace('-', '_') + "_INTEGRATION_KEY (from a Secret)"));
            TargetCallSettings.Retry r = config.retry();
            TargetCallSettings.CircuitBreaker cb = config.circuitBreaker();
            String baseUrl;
            try {
                baseUrl = BaseUrls.of(s.baseUrl(), "roster.sign.orgs." + o + ".base-url");
            } catch (IllegalArgumentException e) {
                throw new JobConfigException(e.getMessage(), e);
            }
            return new SignClient(o, baseUrl, key, http, config.timeout(),
                    new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(), r.maxRetryAfter()),
                    new ThrottleGate(Clock.systemUTC(), config.maxRequestsPerSecond(), budget(o, s)),
                    d -> Thread.sleep(d.toMillis()), json,
                    new CircuitBreakerGuard("sign-" + o, "Sign account " + o, SignUnavailableException.class,
                            cb.window(), cb.failureRatio(), cb.delay(), (reason, e) -> new CircuitOpenException(o, reason, e)),
                    metrics.requests("sign"));
        });
    }

    /** The account's request budget, shared through the state database with every job and replica; none unless set. */
    private RequestBudget budget(String org, SignSettings.Org s) {
        String setting = "roster.sign.orgs." + org + ".request-budget";
        return s.requestBudget().map(v -> {
            SharedRequestBudget.Limit limit;
            try {
                limit = SharedRequestBudget.parse(v, setting);
            } catch (IllegalArgumentException e) {
                throw new JobConfigException(e.getMessage(), e);
            }
            return (RequestBudget) new SharedRequestBudget(state, "sign:" + org, limit.limit(), limit.window(),
                    Clock.systemUTC());
        }).orElse(RequestBudget.NONE);
    }

    public OrgPolicy policy(String org) {
        SignSettings.Org s = settings(org);
        return new OrgPolicy(org, s.adminEmail().map(Emails::key).orElse(""), s.createUsers(), s.deactivateUsers(),
                s.multipleGroups());
    }
}
