package io.roster.targets.sign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.targets.http.CallGuard;
import io.roster.targets.http.ConditionalGets;
import io.roster.targets.http.ConnectionErrors;
import io.roster.targets.http.HttpRetries.Verdict;
import io.roster.targets.http.HttpRetries;
import io.roster.targets.http.RequestCounter;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.Sleeper;
import io.roster.targets.http.ThrottleGate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Speaks Adobe Acrobat Sign REST v6 for one account: finds the account's API access point, sends calls with
 * the integration key, pages through lists by cursor, and retries what may be retried (429 after Retry-After,
 * 5xx, timeouts, dropped connections) a bounded number of times. One kept-alive HTTP client is shared by all
 * threads. A call that still fails raises {@link SignApiException}.
 */
public final class SignClient {

    private static final String API = "api/rest/v6/";

    private final String org;
    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final ObjectMapper json;
    private final LongAdder requests;
    private final CallGuard guard;
    private final HttpRetries retries;
    /** Shared with the clients {@link #countingAlso} makes: the access point is asked once per account. */
    private final AtomicReference<String> apiBase;
    /** The account's last list pages with their ETags, shared by this client's copies. */
    private final ConditionalGets conditional;

    public SignClient(String org, String baseUrl, String integrationKey, HttpClient http, Duration timeout,
                      RetryPolicy retry, ThrottleGate gate, Sleeper sleeper, ObjectMapper json) {
        this(org, baseUrl, integrationKey, http, timeout, retry, gate, sleeper, json, CallGuard.NONE);
    }

    public SignClient(String org, String baseUrl, String integrationKey, HttpClient http, Duration timeout,
                      RetryPolicy retry, ThrottleGate gate, Sleeper sleeper, ObjectMapper json, CallGuard guard) {
        this(org, baseUrl, integrationKey, http, timeout, retry, gate, sleeper, json, guard, RequestCounter.NONE);
    }

    public SignClient(String org, String baseUrl, String integrationKey, HttpClient http, Duration timeout,
                      RetryPolicy retry, ThrottleGate gate, Sleeper sleeper, ObjectMapper json, CallGuard guard,
                      RequestCounter counter) {
        this.retries = new HttpRetries(retry, gate, sleeper, counter, timeout);
        this.guard = guard;
        this.org = org;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.authorization = "Bearer " + integrationKey;
        this.http = http;
        this.timeout = timeout;
        this.retry = retry;
        this.json = json;
        this.requests = new LongAdder();
        this.apiBase = new AtomicReference<>();
        this.conditional = new ConditionalGets(16L << 20);
    }

    private SignClient(SignClient of, HttpRetries retries) {
        this.retries = retries;
        this.guard = of.guard;
        this.org = of.org;
        this.baseUrl = of.baseUrl;
        this.authorization = of.authorization;
        this.http = of.http;
        this.timeout = of.timeout;
        this.retry = of.retry;
        this.json = of.json;
        this.requests = of.requests;
        this.apiBase = of.apiBase;
        this.conditional = of.conditional;
    }

    /**
     * This account's client, which also counts each request it sends on {@code more}: a run counts its own requests
     * this way, not another job's running beside it. Connections, throttle gate, breaker and access point are shared.
     */
    public SignClient countingAlso(RequestCounter more) {
        return new SignClient(this, retries.countingAlso(more));
    }

    public String org() {
        return org;
    }

    /** Requests sent so far, retries included. */
    public long requests() {
        return requests.sum();
    }

    /**
     * One request, not retried: {@code GET baseUris} with the integration key. Null when the account answers and
     * takes the key; otherwise what went wrong (never the key). For health checks.
     */
    public String ping() {
        try {
            // sent with the ETag last seen, as the run's own discovery is: checks every minute stay under Adobe's cap
            // on identical GETs, and a 304 answers as well as a 200 that the account is there and takes the key
            String url = baseUrl + API + "baseUris";
            Optional<ConditionalGets.Answer> kept = conditional.get(url);
            HttpResponse<byte[]> response = send("GET", url, null, kept.map(ConditionalGets.Answer::etag).orElse(null));
            int status = response.statusCode();
            if (status == 304 && kept.isPresent()) {
                return null;
            }
            if (status >= 200 && status < 300) {
                conditional.put(url, response.headers().firstValue("ETag").orElse(null), response.body());
                return null;
            }
            if (status == 429) {
                return null; // Sign answered; it only asks to wait, which a run does
            }
            String code = parseQuietly(response.body()).path("code").asText("");
            return "HTTP " + status + (code.isEmpty() ? "" : " " + code)
                    + (status == 401 ? ": the integration key is refused" : "");
        } catch (HttpTimeoutException e) {
            return "no answer within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            return where() + ": cannot connect (" + ConnectionErrors.describe(e) + ")";
        }
    }

    /** The account, its URL and the setting that holds it: what an admin needs to fix a connection. */
    private String where() {
        return "Sign account " + org + " at " + baseUrl + " (roster.sign.orgs." + org + ".base-url)";
    }

    public JsonNode get(String path) {
        return parse("GET " + template(path), guard.call(() -> call("GET", path, null, false)));
    }

    public JsonNode post(String path, Object body) {
        return parse("POST " + template(path), guard.call(() -> call("POST", path, body, false)));
    }

    public JsonNode put(String path, Object body) {
        return parse("PUT " + template(path), guard.call(() -> call("PUT", path, body, false)));
    }

    /**
     * Calls {@code path} page after page (cursor paging) and hands every entry of {@code listField} to the consumer.
     * Each page's entries are read one by one off its bytes, with no JSON tree of the page: 100,000 users are never
     * held as JSON.
     */
    /** Every entry of every page, in order; returns the cursor that fetched the last page (null: the first was last). */
    public String forEachPage(String path, int pageSize, String listField, Consumer<ListEntry> each) {
        return pages(path, pageSize, listField, null, each, () -> false);
    }

    /**
     * The first entry of {@code listField} that matches, paging by cursor as {@link #forEachPage} does but asking
     * for no page after the one it is on: a look-up, not a read of the whole list.
     */
    public Optional<ListEntry> find(String path, int pageSize, String listField, Predicate<ListEntry> match) {
        return find(path, pageSize, listField, null, match);
    }

    /** As {@link #find(String, int, String, Predicate)}, starting at the page {@code cursor} fetches (null: the first). */
    public Optional<ListEntry> find(String path, int pageSize, String listField, String cursor, Predicate<ListEntry> match) {
        AtomicReference<ListEntry> found = new AtomicReference<>();
        pages(path, pageSize, listField, cursor, e -> {
            if (found.get() == null && match.test(e)) {
                found.set(e);
            }
        }, () -> found.get() != null);
        return Optional.ofNullable(found.get());
    }

    private String pages(String path, int pageSize, String listField, String from, Consumer<ListEntry> each,
                         BooleanSupplier done) {
        String cursor = from;
        String fetchedBy;
        String sep = path.contains("?") ? "&" : "?";
        do {
            fetchedBy = cursor;
            String page = path + sep + "pageSize=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            byte[] body = guard.call(() -> call("GET", page, null, false));
            cursor = readPage("GET " + template(path), body, listField, each);
        } while (cursor != null && !done.getAsBoolean());
        return fetchedBy;
    }

    /** One page's entries to the consumer; returns the next cursor, or null on the last page. */
    private String readPage(String name, byte[] body, String listField, Consumer<ListEntry> each) {
        boolean listed = false;
        String cursor = null;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SignApiException(name, 0, "UNEXPECTED_RESPONSE", "the answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(listField) && value == JsonToken.START_ARRAY) {
                    listed = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        each.accept(ListEntry.read(p));
                    }
                } else if (field.equals("page") && value == JsonToken.START_OBJECT) {
                    JsonNode next = ((JsonNode) p.readValueAsTree()).path("nextCursor");
                    cursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new SignApiException(name, 0, "UNEXPECTED_RESPONSE", "the answer is not JSON");
        }
        if (!listed) {
            throw new SignApiException(name, 0, "UNEXPECTED_RESPONSE", "the answer has no '" + listField + "' list");
        }
        return cursor;
    }

    /** One call with its retries; the body of the 2xx answer, as sent. */
    private byte[] call(String method, String path, Object body, boolean discovery) {
        String name = method + " " + template(path);
        Call call = new Call(method, path, body, discovery, name);
        return retries.call(call::send, call::judge, failures(name));
    }

    /** One call's attempts: the URL and kept answer of the attempt under way, and whether the access point was asked again. */
    private final class Call {

        private final String method;
        private final String path;
        private final Object body;
        private final boolean discovery;
        private final String name;
        // list pages and the access point are the GETs runs and checks repeat (and Adobe's identical-GET cap
        // meets): only they are kept
        private final boolean listPage;
        private boolean rediscovered;
        private String url;
        private Optional<ConditionalGets.Answer> kept;

        Call(String method, String path, Object body, boolean discovery, String name) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.discovery = discovery;
            this.name = name;
            this.listPage = "GET".equals(method) && (discovery || path.contains("pageSize="));
        }

        HttpResponse<byte[]> send() throws IOException {
            url = (discovery ? baseUrl + API : apiBase()) + path;
            kept = listPage ? conditional.get(url) : Optional.empty();
            return SignClient.this.send(method, url, body, kept.map(ConditionalGets.Answer::etag).orElse(null));
        }

        Verdict<byte[]> judge(HttpResponse<byte[]> response) {
            int status = response.statusCode();
            if (status == 304 && kept.isPresent()) {
                return Verdict.done(kept.get().body()); // unchanged since it was last read: the kept answer stands
            }
            if (status >= 200 && status < 300) {
                if (listPage) {
                    conditional.put(url, response.headers().firstValue("ETag").orElse(null), response.body());
                }
                return Verdict.done(response.body());
            }
            JsonNode error = parseQuietly(response.body());
            String code = error.path("code").asText(null);
            String message = error.path("message").asText(null);
            if (status == 429 || "THROTTLING_HIGH_SYSTEM_LOAD".equals(code)) {
                return Verdict.throttled(retryAfter(response, error), code);
            }
            if ("INVALID_API_ACCESS_POINT".equals(code) && !rediscovered && !discovery) {
                rediscovered = true;
                apiBase.set(null);
                return Verdict.again();
            }
            if (status >= 500) {
                return Verdict.failed("HTTP " + status + (code == null ? "" : " " + code));
            }
            throw new SignApiException(name, status, code, message);
        }
    }

    private HttpRetries.Failures failures(String name) {
        return new HttpRetries.Failures() {
            @Override
            public RuntimeException waitTooLong(Duration wait, int status, String code) {
                return new SignApiException(name, status, code, "Sign asks to wait " + wait.toSeconds()
                        + " s, more than roster.sign.retry.max-retry-after (" + retry.maxRetryAfter().toSeconds() + " s)");
            }

            @Override
            public RuntimeException stillThrottled(String why, int status, String code) {
                return new SignApiException(name, status, code, why);
            }

            @Override
            public RuntimeException gaveUp(String why, Exception cause) {
                return new SignUnavailableException(name, where() + ": " + why, cause);
            }

            @Override
            public RuntimeException interrupted(String why, InterruptedException e) {
                return new SignApiException(name, why, e);
            }

            @Override
            public RuntimeException interruptedAtBudget(String why, InterruptedException e) {
                return new SignUnavailableException(name, why, e);
            }
        };
    }

    private HttpResponse<byte[]> send(String method, String url, Object body, String ifNoneMatch) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (ifNoneMatch != null) {
            req.header("If-None-Match", ifNoneMatch);
        }
        if (body == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            req.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        requests.increment();
        return retries.send(() -> http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray()),
                e -> new SignApiException(method + " " + template(url), "interrupted", e));
    }

    /** The account's API access point, asked once and cached (Adobe's advice); asked again after INVALID_API_ACCESS_POINT. */
    private String apiBase() {
        String base = apiBase.get();
        if (base != null) {
            return base;
        }
        synchronized (apiBase) {
            if (apiBase.get() == null) {
                String point = parse("GET baseUris", call("GET", "baseUris", null, true)).path("apiAccessPoint").asText("");
                if (point.isEmpty()) {
                    throw new SignApiException("GET baseUris", 200, "UNEXPECTED_RESPONSE", "no apiAccessPoint");
                }
                apiBase.set((point.endsWith("/") ? point : point + "/") + API);
            }
            return apiBase.get();
        }
    }

    /** Retry-After in seconds from the header, else from the error body's {@code retryAfter} (Sign sends either). */
    private static Optional<Duration> retryAfter(HttpResponse<byte[]> response, JsonNode error) {
        return HttpRetries.retryAfter(response).or(() -> {
            JsonNode body = error.get("retryAfter");
            return body != null && body.canConvertToLong() ? Optional.of(Duration.ofSeconds(body.asLong())) : Optional.empty();
        });
    }

    private JsonNode parse(String name, byte[] body) {
        if (blank(body)) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new SignApiException(name, 0, "UNEXPECTED_RESPONSE", "the answer is not JSON");
        }
    }

    private JsonNode parseQuietly(byte[] body) {
        try {
            JsonNode n = blank(body) ? null : json.readTree(body);
            return n == null ? json.createObjectNode() : n;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static boolean blank(byte[] body) {
        if (body != null) {
            for (byte b : body) {
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The call's path with ids and query left out, so messages group by endpoint and never carry data. */
    static String template(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        int api = p.indexOf(API);
        if (api >= 0) {
            p = p.substring(api + API.length());
        }
        String[] parts = p.split("/");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(i % 2 == 1 ? "{id}" : parts[i]);
        }
        return out.toString();
    }
}
