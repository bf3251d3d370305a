package io.roster.targets.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roster.plan.EntraUser;
import io.roster.targets.http.HttpRetries;
import io.roster.targets.http.RequestCounter;
import io.roster.targets.http.RetryPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Microsoft Graph as Roster uses it: the tenant's users read by the delta query ({@code GET /users/delta},
 * {@code $select} only what matching and the mapping need, {@code @odata.nextLink} pages, then an
 * {@code @odata.deltaLink} that yields only what changed), and their attributes written by
 * {@code PATCH /users/{id}} grouped into {@code $batch} requests of up to 20, each answer handled on its own. A
 * whole request that is throttled (429, 503, 504) waits its Retry-After in the shared retry loop; a request inside a
 * batch that is throttled is sent again, in a later batch, after the longest Retry-After among them.
 */
public final class GraphClient {

    /** Graph takes at most 20 requests in one {@code $batch}. */
    public static final int BATCH = 20;

    /** Attributes to set on one user (an empty value clears it). */
    public record Patch(String userId, Map<String, String> fields) {
    }

    /** What Graph answered one patch: its status, for a refusal Graph's code and message, and any Retry-After. */
    public record Result(Patch patch, int status, String code, String message, Optional<Duration> retryAfter) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        Result forPatch(Patch p) {
            return new Result(p, status, code, message, retryAfter);
        }
    }

    private final String graph;
    private final GraphToken token;
    private final HttpClient http;
    private final Duration timeout;
    private final HttpRetries retries;
    private final RetryPolicy retry;
    private final ObjectMapper json;
    private final HttpRetries.Failures failures = new Failures();
    private final ExecutorService writers;

    /** {@code writers}: the pool batches are sent on, that many at a time; null sends them one after another. */
    public GraphClient(String graphUrl, GraphToken token, HttpClient http, Duration timeout, HttpRetries retries,
                       RetryPolicy retry, ObjectMapper json, ExecutorService writers) {
        this.writers = writers;
        this.graph = graphUrl.endsWith("/") ? graphUrl.substring(0, graphUrl.length() - 1) : graphUrl;
        this.token = token;
        this.http = http;
        this.timeout = timeout;
        this.retries = retries;
        this.retry = retry;
        this.json = json;
    }

    private GraphClient(GraphClient of, HttpRetries retries) {
        this(of.graph, of.token, of.http, of.timeout, retries, of.retry, of.json, of.writers);
    }

    /** This client, also counting each request on {@code more} (a run's own count); token and gate are shared. */
    public GraphClient countingAlso(RequestCounter more) {
        return new GraphClient(this, retries.countingAlso(more));
    }

    /** What a delta query returned: each changed user as Graph sent it (its id and what changed), and the next link. */
    public record DeltaRead(List<ObjectNode> users, String deltaLink) {
    }

    /** The first delta query's URL: every user, with {@code select}'s properties. */
    public String deltaStart(String select) {
        return graph + "/v1.0/users/delta?$select=" + URLEncoder.encode(select, StandardCharsets.UTF_8);
    }

    /**
     * A delta query from {@code link} (a start, or the last read's {@code @odata.deltaLink}), every page followed.
     * A link Graph no longer honours ({@code 410 Gone}, {@code syncStateNotFound}) is a {@link DeltaExpired}.
     */
    public DeltaRead delta(String link) {
        List<ObjectNode> out = new ArrayList<>();
        String next = link;
        while (true) {
            JsonNode page = call("GET", next, null);
            page.path("value").forEach(u -> out.add((ObjectNode) u));
            if (page.hasNonNull("@odata.nextLink")) {
                next = page.get("@odata.nextLink").asText();
            } else if (page.hasNonNull("@odata.deltaLink")) {
                return new DeltaRead(out, page.get("@odata.deltaLink").asText());
            } else {
                throw new EntraException("Graph's delta answer had neither @odata.nextLink nor @odata.deltaLink", false);
            }
        }
    }

    /** Graph no longer honours a stored delta link: read everything again. */
    public static final class DeltaExpired extends EntraException {
        DeltaExpired(String message) {
            super(message, false);
        }
    }

    /** A user as Graph returned it. */
    public static EntraUser user(JsonNode u) {
        Map<String, String> values = new TreeMap<>();
        for (String f : EntraAttributes.STANDARD) {
            JsonNode v = u.get(f);
            if (v == null) {
                continue; // not selected
            }
            if (v.isArray()) {
                values.put(f, v.isEmpty() ? "" : v.get(0).asText());
            } else {
                values.put(f, v.isNull() ? "" : v.asText());
            }
        }
        JsonNode ext = u.get("onPremisesExtensionAttributes");
        if (ext != null && ext.isObject()) {
            for (String f : EntraAttributes.EXTENSIONS) {
                JsonNode v = ext.get(f);
                values.put(f, v == null || v.isNull() ? "" : v.asText());
            }
        }
        List<String> proxies = new ArrayList<>();
        u.path("proxyAddresses").forEach(p -> proxies.add(p.asText()));
        // compact, immutable copies: a tenant of 100,000 users is held in memory for the run
        return new EntraUser(u.path("id").asText(), text(u, "userPrincipalName"), text(u, "mail"),
                List.copyOf(proxies), u.path("onPremisesSyncEnabled").asBoolean(false),
                text(u, "onPremisesDistinguishedName"), Map.copyOf(values));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A result's code when its request failed as a whole (Graph down, too long a wait) and it was not sent again. */
    public static final String NOT_SENT = "RequestFailed";
    /** A result's code when the credentials or token were refused: the run cannot write. */
    public static final String AUTH_REFUSED = "AuthRefused";

    /**
     * Sets the patches' attributes, 20 to a {@code $batch}, the batches sent {@code writers} at a time; one result per
     * patch, in order. A batch whose request fails as a whole fails its own unanswered patches ({@link #NOT_SENT},
     * {@link #AUTH_REFUSED}); the other batches' results, landed changes among them, are kept.
     */
    public List<Result> patch(List<Patch> patches) {
        List<CompletableFuture<List<Result>>> chunks = new ArrayList<>();
        for (int from = 0; from < patches.size(); from += BATCH) {
            List<Patch> chunk = patches.subList(from, Math.min(patches.size(), from + BATCH));
            chunks.add(writers == null ? CompletableFuture.completedFuture(chunk(chunk))
                    : CompletableFuture.supplyAsync(() -> chunk(chunk), writers));
        }
        List<Result> out = new ArrayList<>(patches.size());
        chunks.forEach(f -> out.addAll(f.join()));
        return out;
    }

    /**
     * Up to 20 patches: sent, and the throttled among them sent again once the account's gate opens after their
     * Retry-After; results in order. A request that fails as a whole leaves what was answered before it.
     */
    private List<Result> chunk(List<Patch> patches) {
        Result[] results = new Result[patches.size()];
        List<Integer> waiting = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            waiting.add(i);
        }
        for (int attempt = 1; !waiting.isEmpty(); attempt++) {
            Map<String, Result> answered;
            try {
                answered = batch(waiting.stream().map(patches::get).toList());
            } catch (EntraException e) {
                for (int i : waiting) {
                    results[i] = new Result(patches.get(i), 0, e.authRefused() ? AUTH_REFUSED : NOT_SENT, e.getMessage(),
                            Optional.empty());
                }
                break;
            }
            List<Integer> throttled = new ArrayList<>();
            Duration wait = Duration.ZERO;
            for (int j = 0; j < waiting.size(); j++) {
                int i = waiting.get(j);
                Result r = answered.get(Integer.toString(j + 1));
                if (r != null && isThrottled(r.status()) && retry.canRetry(attempt)) {
                    throttled.add(i);
                    wait = max(wait, r.retryAfter());
                } else {
                    results[i] = r == null ? new Result(patches.get(i), 502, "NoAnswer",
                            "Graph's $batch answer had no response for it", Optional.empty()) : r.forPatch(patches.get(i));
                }
            }
            if (!throttled.isEmpty()) {
                try {
                    // throttled per app and tenant: every writer waits, as for a whole request (the shared gate)
                    retries.throttledWithin(wait.isZero() ? retry.backoff(attempt) : wait, 429, "TooManyRequests",
                            failures);
                } catch (EntraException e) {
                    for (int i : throttled) {
                        results[i] = new Result(patches.get(i), 429, NOT_SENT, e.getMessage(), Optional.empty());
                    }
                    break;
                }
            }
            waiting = throttled;
        }
        return List.of(results);
    }

    /**
     * Sends records to the API-driven inbound provisioning app's job ({@code POST
     * /servicePrincipals/{id}/synchronization/jobs/{job}/bulkUpload}, {@code application/scim+json}), 50 to a
     * {@code BulkRequest}; one result per record, in order. {@code 202 Accepted} means the app took the request: it
     * writes later, at its own pace, so what lands is learned from Entra itself afterwards. A request refused as a
     * whole fails its own records only.
     */
    public List<Result> upload(String servicePrincipal, String job, Map<String, ObjectNode> recordsByBulkId,
                               ScimRecords scim) {
        String url = graph + "/v1.0/servicePrincipals/" + URLEncoder.encode(servicePrincipal, StandardCharsets.UTF_8)
                + "/synchronization/jobs/" + URLEncoder.encode(job, StandardCharsets.UTF_8) + "/bulkUpload";
        List<Map.Entry<String, ObjectNode>> all = new ArrayList<>(recordsByBulkId.entrySet());
        List<CompletableFuture<List<Result>>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += ScimRecords.BULK) {
            Map<String, ObjectNode> chunk = new LinkedHashMap<>();
            all.subList(from, Math.min(all.size(), from + ScimRecords.BULK)).forEach(e -> chunk.put(e.getKey(), e.getValue()));
            java.util.function.Supplier<List<Result>> send = () -> {
                Result r;
                try {
                    call("POST", url, scim.bulkRequest(chunk), "application/scim+json");
                    r = new Result(null, 202, null, null, Optional.empty());
                } catch (EntraException e) {
                    r = new Result(null, 0, e.authRefused() ? AUTH_REFUSED : NOT_SENT, e.getMessage(), Optional.empty());
                }
                return java.util.Collections.nCopies(chunk.size(), r);
            };
            chunks.add(writers == null ? CompletableFuture.completedFuture(send.get())
                    : CompletableFuture.supplyAsync(send, writers));
        }
        List<Result> out = new ArrayList<>(all.size());
        chunks.forEach(f -> out.addAll(f.join()));
        return out;
    }

    /** One {@code $batch}: each answer by its request's id (1-based position), in whatever order Graph gives them. */
    private Map<String, Result> batch(List<Patch> patches) {
        ObjectNode body = json.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (int i = 0; i < patches.size(); i++) {
            Patch p = patches.get(i);
            ObjectNode r = requests.addObject();
            r.put("id", Integer.toString(i + 1));
            r.put("method", "PATCH");
            r.put("url", "/users/" + URLEncoder.encode(p.userId(), StandardCharsets.UTF_8));
            r.putObject("headers").put("Content-Type", "application/json");
            r.set("body", json.valueToTree(EntraAttributes.patchBody(p.fields())));
        }
        JsonNode answer = call("POST", graph + "/v1.0/$batch", body);
        Map<String, Result> out = new LinkedHashMap<>();
        for (JsonNode r : answer.path("responses")) {
            JsonNode error = r.path("body").path("error");
            Optional<Duration> after = seconds(r.path("headers").path("Retry-After").asText(""));
            out.put(r.path("id").asText(), new Result(null, r.path("status").asInt(), error.path("code").asText(null),
                    error.path("message").asText(null), after));
        }
        return out;
    }

    private JsonNode call(String method, String url, JsonNode body) {
        return call(method, url, body, "application/json");
    }

    private JsonNode call(String method, String url, JsonNode body, String contentType) {
        boolean[] renewed = {false};
        String[] sent = new String[1];
        return retries.call(() -> {
            sent[0] = token.get();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Authorization", "Bearer " + sent[0]).header("Accept", "application/json");
            HttpRequest request = body == null ? b.GET().build() : b.header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
            return retries.send(() -> http.send(request, HttpResponse.BodyHandlers.ofString()),
                    e -> new EntraException("interrupted while calling Microsoft Graph", e));
        }, response -> {
            int status = response.statusCode();
            if (status == 202 && url.endsWith("/bulkUpload")) {
                return HttpRetries.Verdict.done(json.nullNode()); // accepted: the app writes later; no body
            }
            if (status == 200) {
                try {
                    return HttpRetries.Verdict.done(json.readTree(response.body()));
                } catch (IOException e) {
                    return HttpRetries.Verdict.failed("Graph's answer was not JSON");
                }
            }
            if (status == 401 && !renewed[0]) {
                renewed[0] = true;
                token.expired(sent[0]); // expired or revoked: one new token, then the same request again
                return HttpRetries.Verdict.again();
            }
            if (status == 410 || status == 400 && code(response.body()).matches("(?i)syncStateNotFound|resyncRequired")) {
                throw new DeltaExpired("Graph no longer honours the stored delta link (HTTP " + status + " "
                        + code(response.body()) + ")");
            }
            if (isThrottled(status)) {
                return HttpRetries.Verdict.throttled(HttpRetries.retryAfter(response), code(response.body()));
            }
            if (status >= 500) {
                return HttpRetries.Verdict.failed("Graph answered HTTP " + status);
            }
            throw new EntraException("Microsoft Graph refused " + method + " " + URI.create(url).getPath() + ": HTTP "
                    + status + " " + code(response.body()) + ": " + message(response.body())
                    + (status == 403 ? " (the app needs the application permission " + (url.endsWith("/bulkUpload")
                    ? "SynchronizationData-User.Upload" : "User.ReadWrite.All") + ", granted by an admin)" : status == 401 ? " (the token was refused again: check that roster.entra.graph-url and"
                    + " roster.entra.scope name the same cloud as roster.entra.token-url)" : ""),
                    status == 401 || status == 403);
        }, failures);
    }

    private static boolean isThrottled(int status) {
        return status == 429 || status == 503 || status == 504;
    }

    private String code(String body) {
        try {
            return json.readTree(body).path("error").path("code").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private String message(String body) {
        try {
            return json.readTree(body).path("error").path("message").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Optional<Duration> seconds(String v) {
        try {
            return v.isBlank() ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration max(Duration a, Optional<Duration> b) {
        return b.filter(d -> d.compareTo(a) > 0).orElse(a);
    }

    /** How the shared retry loop's failures read for Graph. */
    static final class Failures implements HttpRetries.Failures {
        @Override
        public RuntimeException waitTooLong(Duration wait, int status, String code) {
            return new EntraException("Graph asked to wait " + wait.toSeconds() + " s (HTTP " + status + " " + code
                    + "), longer than roster.entra.retry.max-retry-after", false);
        }

        @Override
        public RuntimeException stillThrottled(String why, int status, String code) {
            return new EntraException("Microsoft Graph: " + why + " (HTTP " + status + " " + code + ")", false);
        }

        @Override
        public RuntimeException gaveUp(String why, Exception cause) {
            return new EntraException("Microsoft Graph: " + why, cause);
        }

        @Override
        public RuntimeException interrupted(String why, InterruptedException e) {
            return new EntraException(why, e);
        }
    }
}
