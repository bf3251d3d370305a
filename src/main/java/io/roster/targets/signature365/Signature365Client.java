package io.roster.targets.signature365;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.plan.Signature365Upsert;
import io.roster.targets.http.CallGuard;
import io.roster.targets.http.HttpRetries.Verdict;
import io.roster.targets.http.HttpRetries;
import io.roster.targets.http.RequestCounter;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.Sleeper;
import io.roster.targets.http.ThrottleGate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one adapter for the Signature 365 intake contract (README: "Signature 365 contract"): a batch upsert of users
 * matched by email, answered with one result per user. Retries 429 after Retry-After, 5xx, timeouts and dropped
 * connections a bounded number of times; a 413 halves the batch (for the rest of the run) and sends the halves.
 */
public final class Signature365Client {

    /** One user's outcome: {@code updated}, {@code created}, {@code unchanged} or {@code error} (with the service's reason). */
    public record Result(String email, String status, String error) {
        public boolean failed() {
            return "error".equals(status);
        }
    }

    private final URI endpoint;
    private final String authHeader;
    private final String authValue;
    private final String sourceName;
    private final HttpClient http;
    private final Duration timeout;
    private final CallGuard guard;
    private final ObjectMapper json;
    private final AtomicInteger batchSize;
    private final HttpRetries retries;
    private final HttpRetries.Failures failures = new CallFailures();

    public Signature365Client(String baseUrl, String path, String authHeader, String authScheme, String secret,
                              String sourceName, int batchSize, HttpClient http, Duration timeout, RetryPolicy retry,
                              ThrottleGate gate, CallGuard guard, Sleeper sleeper, ObjectMapper json) {
        this(baseUrl, path, authHeader, authScheme, secret, sourceName, batchSize, http, timeout, retry, gate, guard, sleeper,
                json, RequestCounter.NONE);
    }

    public Signature365Client(String baseUrl, String path, String authHeader, String authScheme, String secret,
                              String sourceName, int batchSize, HttpClient http, Duration timeout, RetryPolicy retry,
                              ThrottleGate gate, CallGuard guard, Sleeper sleeper, ObjectMapper json, RequestCounter counter) {
        this.retries = new HttpRetries(retry, gate, sleeper, counter, timeout);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + (path.startsWith("/") ? path : "/" + path));
        this.authHeader = authHeader;
        this.authValue = authScheme == null || authScheme.isBlank() ? secret : authScheme.strip() + " " + secret;
        this.sourceName = sourceName;
        this.batchSize = new AtomicInteger(Math.max(1, batchSize));
        this.http = http;
        this.timeout = timeout;
        this.guard = guard;
        this.json = json;
    }

    private Signature365Client(Signature365Client of, HttpRetries retries) {
        this.retries = retries;
        this.endpoint = of.endpoint;
        this.authHeader = of.authHeader;
        this.authValue = of.authValue;
        this.sourceName = of.sourceName;
        this.batchSize = of.batchSize;
        this.http = of.http;
        this.timeout = of.timeout;
        this.guard = of.guard;
        this.json = of.json;
    }

    /**
     * This client, also counting each request it sends on {@code more}: a run counts its own requests this way, not
     * another job's running beside it. Connections, throttle gate, breaker and batch size are shared.
     */
    public Signature365Client countingAlso(RequestCounter more) {
        return new Signature365Client(this, retries.countingAlso(more));
    }

    /** The batch size in force (smaller than configured after a 413). */
    public int batchSize() {
        return batchSize.get();
    }

    /** Sends the users, in requests of at most the batch size; one result per user, in order. */
    public List<Result> upsert(List<Signature365Upsert> users) {
        List<Result> out = new ArrayList<>(users.size());
        int from = 0;
        while (from < users.size()) {
            int to = Math.min(users.size(), from + batchSize.get());
            out.addAll(send(users.subList(from, to)));
            from = to;
        }
        return out;
    }

    private List<Result> send(List<Signature365Upsert> users) {
        HttpResponse<String> response = guard.call(() -> post(users));
        int status = response.statusCode();
        if (status == 413) {
            if (users.size() == 1) {
                return List.of(new Result(users.get(0).email(), "error",
                        "Signature 365 refused this user's data as too large (HTTP 413)"));
            }
            int half = users.size() / 2;
            batchSize.accumulateAndGet(half, Math::min);
            List<Result> out = new ArrayList<>(send(users.subList(0, half)));
            out.addAll(send(users.subList(half, users.size())));
            return out;
        }
        if (status < 200 || status >= 300) {
            String why = status == 401 || status == 403
                    ? "the secret was refused; set a valid roster.signature365.secret (from the Signature 365 Database integration page)"
                    : reason(response.body());
            throw new Signature365Exception("POST " + endpoint.getPath() + " → HTTP " + status + ": " + why, status);
        }
        return results(users, response.body());
    }

    /** The batch with its retries; any answer but 429 and 5xx is the caller's to read. */
    private HttpResponse<String> post(List<Signature365Upsert> users) {
        byte[] body = body(users);
        return retries.call(() -> send(body), this::judge, failures);
    }

    private HttpResponse<String> send(byte[] body) throws IOException {
        return retries.send(() -> http.send(HttpRequest.newBuilder(endpoint)
                        .timeout(timeout)
                        .header(authHeader, authValue)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
                e -> new Signature365Exception("POST " + endpoint.getPath() + " interrupted", e));
    }

    private Verdict<HttpResponse<String>> judge(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            return Verdict.throttled(HttpRetries.retryAfter(response), null);
        }
        if (status >= 500) {
            return Verdict.failed("HTTP " + status + " " + reason(response.body()));
        }
        return Verdict.done(response);
    }

    /** How a call to Signature 365 fails; messages name the endpoint and its settings, never the secret. */
    private final class CallFailures implements HttpRetries.Failures {

        @Override
        public RuntimeException waitTooLong(Duration wait, int status, String code) {
            return new Signature365Exception("Signature 365 asks to wait " + wait.toSeconds()
                    + " s, more than roster.signature365.retry.max-retry-after", 429);
        }

        @Override
        public RuntimeException stillThrottled(String why, int status, String code) {
            return new Signature365UnavailableException("POST " + endpoint.getPath() + " " + why, null, false);
        }

        @Override
        public RuntimeException gaveUp(String why, Exception cause) {
            return new Signature365UnavailableException("POST " + endpoint.getPath() + " → Signature 365 at " + endpoint
                    + " (roster.signature365.base-url, .path): " + why, cause, false);
        }

        @Override
        public RuntimeException interrupted(String why, InterruptedException e) {
            return new Signature365Exception(why, e);
        }
    }

    private byte[] body(List<Signature365Upsert> users) {
        List<Map<String, Object>> list = new ArrayList<>(users.size());
        for (Signature365Upsert u : users) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("email", u.email());
            m.put("fields", u.fields());
            list.add(m);
        }
        try {
            return json.writeValueAsBytes(Map.of("source", sourceName, "users", list));
        } catch (IOException e) {
            throw new Signature365Exception("could not write the batch: " + e.getMessage(), e);
        }
    }

    private List<Result> results(List<Signature365Upsert> users, String body) {
        JsonNode list;
        try {
            list = json.readTree(body).path("results");
        } catch (IOException e) {
            throw new Signature365Exception("POST " + endpoint.getPath() + ": the answer is not JSON", 200);
        }
        if (!list.isArray() || list.size() != users.size()) {
            throw new Signature365Exception("POST " + endpoint.getPath() + ": the answer has "
                    + (list.isArray() ? list.size() : "no") + " results for " + users.size() + " users", 200);
        }
        List<Result> out = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            JsonNode r = list.get(i);
            String email = r.path("email").asText(users.get(i).email());
            if (!email.equalsIgnoreCase(users.get(i).email())) {
                throw new Signature365Exception("POST " + endpoint.getPath() + ": result " + (i + 1)
                        + " is for another user than was sent in that place", 200);
            }
            out.add(new Result(users.get(i).email(), r.path("status").asText("error"),
                    r.path("error").isMissingNode() || r.path("error").isNull() ? null : r.path("error").asText()));
        }
        return out;
    }

    private String reason(String body) {
        try {
            JsonNode n = json.readTree(body == null || body.isBlank() ? "{}" : body);
            String r = n.path("error").asText(n.path("message").asText(""));
            return r.isEmpty() ? "(no reason given)" : r;
        } catch (IOException e) {
            return "(no reason given)";
        }
    }
}
