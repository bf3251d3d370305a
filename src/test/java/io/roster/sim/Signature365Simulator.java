package io.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for the Signature 365 intake, speaking the contract in the README: {@code POST
 * /api/v1/users/batch} with a bearer secret, one result per user in order (a bad user never fails the batch),
 * 401 for a wrong secret, 413 for a batch over its limit, 429 with Retry-After and 503 when told to. It keeps the
 * fields of every user, knows its tenant's field tokens, and refuses unknown tokens and invalid emails per user.
 */
public final class Signature365Simulator implements AutoCloseable {

    public static final String PATH = "/api/v1/users/batch";
    public static final List<String> STANDARD = List.of("FirstName", "LastName", "DisplayName", "JobTitle", "Department",
            "Company", "Office", "Phone", "Mobile", "Fax", "Street", "City", "State", "PostalCode", "Country", "Website", "Photo");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final String secret;
    private volatile boolean echoCredentials;
    private volatile boolean refuseSecret;
    private volatile String lastAuthorization;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, String>> users = new LinkedHashMap<>();
    private final Map<String, AtomicLong> writesPerUser = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong usersReceived = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private volatile int maxBatch = 500;
    private volatile int throttleEvery;
    private volatile int failEvery;
    private volatile boolean requireExisting;

    public Signature365Simulator(String secret, String... customTokens) throws IOException {
        this.secret = secret;
        tokens.addAll(STANDARD);
        tokens.addAll(List.of(customTokens));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- seeding, faults and inspection, for tests ----

    public synchronized void reset() {
        users.clear();
        writesPerUser.clear();
        refused.clear();
        requests.set(0);
        usersReceived.set(0);
        throttled.set(0);
        maxBatch = 500;
        throttleEvery = 0;
        failEvery = 0;
        requireExisting = false;
        echoCredentials = false;
        refuseSecret = false;
    }

    /**
     * A misconfigured gateway: every error, for the request or for one user, echoes the request's Authorization header
     * (as some proxies and debug pages do).
     */
    public void echoCredentials(boolean on) {
        this.echoCredentials = on;
    }

    /** The secret was rotated in Signature 365: every request is refused with 401. */
    public void refuseSecret(boolean on) {
        this.refuseSecret = on;
    }

    /** A user that exists in the tenant (from Entra ID), with no database fields yet. */
    public synchronized void addUser(String email) {
        users.put(email.toLowerCase(Locale.ROOT), new LinkedHashMap<>());
    }

    /** Only users that already exist may be updated; others are refused one by one. */
    public void requireExistingUsers(boolean on) {
        requireExisting = on;
    }

    /** The service refuses this user (e.g. unlicensed) with a per-user error. */
    public void refuse(String email) {
        refused.add(email.toLowerCase(Locale.ROOT));
    }

    public void maxBatch(int n) {
        maxBatch = n;
    }

    /** Every n-th request is answered 429 with Retry-After: 1. */
    public void throttleEvery(int n) {
        throttleEvery = n;
    }

    /** Every n-th request is answered 503. */
    public void failEvery(int n) {
        failEvery = n;
    }

    public synchronized Map<String, String> user(String email) {
        Map<String, String> u = users.get(email.toLowerCase(Locale.ROOT));
        return u == null ? null : Map.copyOf(u);
    }

    public synchronized int userCount() {
        return users.size();
    }

    public long requests() {
        return requests.get();
    }

    /** Users received in all batches, refused ones included. */
    public long usersReceived() {
        return usersReceived.get();
    }

    public long writes(String email) {
        AtomicLong n = writesPerUser.get(email.toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    public long throttled() {
        return throttled.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- the intake ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long n = requests.incrementAndGet();
            if (!"POST".equals(ex.getRequestMethod()) || !PATH.equals(ex.getRequestURI().getPath())) {
                send(ex, 404, Map.of("error", "no such endpoint"));
                return;
            }
            lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
            if (refuseSecret || !("Bearer " + secret).equals(lastAuthorization)) {
                send(ex, 401, Map.of("error", "invalid or missing secret"));
                return;
            }
            if (throttleEvery > 0 && n % throttleEvery == 0) {
                throttled.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "1");
                send(ex, 429, Map.of("error", "too many requests"));
                return;
            }
            if (failEvery > 0 && n % failEvery == 0) {
                send(ex, 503, Map.of("error", "service unavailable"));
                return;
            }
            JsonNode body;
            try {
                body = json.readTree(ex.getRequestBody().readAllBytes());
            } catch (IOException e) {
                send(ex, 400, Map.of("error", "the body is not JSON"));
                return;
            }
            JsonNode list = body == null ? null : body.get("users");
            if (list == null || !list.isArray() || !"database".equals(body.path("source").asText())) {
                send(ex, 400, Map.of("error", "expected {\"source\":\"database\",\"users\":[…]}"));
                return;
            }
            if (list.size() > maxBatch) {
                send(ex, 413, Map.of("error", "batch too large: at most " + maxBatch + " users"));
                return;
            }
            List<Map<String, Object>> results = new ArrayList<>();
            for (JsonNode u : list) {
                usersReceived.incrementAndGet();
                results.add(apply(u));
            }
            send(ex, 200, Map.of("results", results));
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("error", String.valueOf(e)));
        }
    }

    private synchronized Map<String, Object> apply(JsonNode u) {
        String email = u.path("email").asText("");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("email", email);
        String error = null;
        Map<String, String> fields = new LinkedHashMap<>();
        if (!EMAIL.matcher(email).matches()) {
            error = "invalid email address";
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = u.path("fields").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!tokens.contains(f.getKey())) {
                    error = "unknown field token '" + f.getKey() + "'";
                    break;
                }
                if (f.getValue().asText().length() > 1024) {
                    error = "value of " + f.getKey() + " is longer than 1024 characters";
                    break;
                }
                fields.put(f.getKey(), f.getValue().asText());
            }
        }
        String key = email.toLowerCase(Locale.ROOT);
        if (error == null && refused.contains(key)) {
            error = "user is not licensed for Signature 365";
        }
        if (error == null && requireExisting && !users.containsKey(key)) {
            error = "no Signature 365 user has this email";
        }
        if (error != null) {
            r.put("status", "error");
            r.put("error", echoCredentials ? error + " (request headers: Authorization: " + lastAuthorization + ")" : error);
            return r;
        }
        Map<String, String> have = users.get(key);
        writesPerUser.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        if (have == null) {
            users.put(key, fields);
            r.put("status", "created");
        } else if (have.equals(fields)) {
            r.put("status", "unchanged");
        } else {
            have.clear();
            have.putAll(fields);
            r.put("status", "updated");
        }
        return r;
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        if (echoCredentials && status >= 400 && body instanceof Map<?, ?> m) {
            Map<Object, Object> echoed = new LinkedHashMap<>(m);
            echoed.put("error", m.get("error") + " (request headers: Authorization: "
                    + ex.getRequestHeaders().getFirst("Authorization") + ")");
            body = echoed;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
