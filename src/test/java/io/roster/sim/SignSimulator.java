package io.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful stand-in for one Adobe Acrobat Sign account's REST v6 user API, on loopback. It keeps users, groups
 * and memberships; pages lists by cursor; checks the bearer key; answers errors as {@code {code, message}};
 * throttles with 429 + Retry-After and, like newer Sign accounts, restarts the wait when a client calls again too
 * early; and can fail every n-th call with 503. Counters let tests see how many calls each endpoint took.
 */
public final class SignSimulator implements AutoCloseable {

    public static final class User {
        public final String id;
        public String email;
        public String firstName;
        public String lastName;
        public String company;
        public boolean accountAdmin;
        public String status = "ACTIVE";
        /** group id → [isGroupAdmin, isPrimaryGroup] */
        public final Map<String, boolean[]> groups = new LinkedHashMap<>();

        User(String id, String email) {
            this.id = id;
            this.email = email;
        }

        public String primaryGroupId() {
            return groups.entrySet().stream().filter(e -> e.getValue()[1]).map(Map.Entry::getKey).findFirst().orElse(null);
        }
    }

    public record Group(String id, String name, boolean isDefault) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final String key;
    private volatile boolean keyRevoked;
    private volatile boolean echoCredentials;
    private final Map<String, User> users = new LinkedHashMap<>();
    /** The users in the order they were added (Sign never deletes one): what list pages walk, by position. */
    private final List<User> usersInOrder = new ArrayList<>();
    /** Users by lower-cased email: a create's duplicate check and lookups stay O(1) at 100,000 users. */
    private final Map<String, User> byEmail = new HashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicLong requestNo = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong earlyCalls = new AtomicLong();
    private volatile int throttleEvery;
    private volatile boolean multipleGroups;
    private volatile int retryAfterSeconds = 1;
    private volatile int failEvery;
    private volatile long blockedUntil;
    private volatile boolean richLists;
    private volatile int identicalGetCapByDefault = 3; // Global/Enterprise plans
    private volatile int identicalGetCap = identicalGetCapByDefault;
    private volatile long latencyMillis;
    private final Map<String, java.util.Deque<Long>> identicalGets = new ConcurrentHashMap<>();
    private final AtomicLong notModified = new AtomicLong();
    private final java.util.concurrent.ConcurrentLinkedQueue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> stateRefused = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> createAnswersToLose = ConcurrentHashMap.newKeySet();
    private final AtomicLong lostAnswers = new AtomicLong();

    /** Faults injected at random, each at its own rate, as a real account and network produce them. */
    public enum Fault {
        /** 429 THROTTLING_TOO_MANY_REQUESTS with Retry-After. */
        THROTTLE,
        /** 429 THROTTLING_HIGH_SYSTEM_LOAD with X-Throttling-Reason: high-system-load and Retry-After. */
        HIGH_LOAD,
        /** 503, nothing done. */
        UNAVAILABLE,
        /** The connection is dropped before the request is handled: nothing done. */
        RESET_BEFORE,
        /** The request is applied, then the connection is dropped: the client cannot know it happened. */
        RESET_AFTER,
        /** The request is applied, then no answer comes before the client's timeout. */
        TIMEOUT_AFTER
    }

    private final AtomicLong repeatedCreates = new AtomicLong();
    private volatile boolean failWrites;
    /** Requests still answered before the account goes down (see {@link #goDownAfter}). */
    private final AtomicLong upFor = new AtomicLong(Long.MAX_VALUE);
    private volatile long writeDelayMillis;
    private volatile long answerDelayMillis;
    private final Map<Fault, Double> faultRates = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicLong> faultsInjected = new ConcurrentHashMap<>();
    private final java.util.Random faultDice = new java.util.Random(42);
    private volatile long hangMillis = 1000;
    private volatile java.util.concurrent.CountDownLatch readGate;
    private final AtomicLong heldReads = new AtomicLong();

    public SignSimulator(String key) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header/body writes meet delayed ACKs: ~40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.key = key;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
        reset();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** An empty account with only its default group; faults off, counters zero. */
    public synchronized void reset() {
        users.clear();
        usersInOrder.clear();
        byEmail.clear();
        groups.clear();
        calls.clear();
        arrivals.clear();
        identicalGets.clear();
        identicalGetCap = identicalGetCapByDefault;
        notModified.set(0);
        throttled.set(0);
        earlyCalls.set(0);
        throttleEvery = 0;
        multipleGroups = false;
        keyRevoked = false;
        echoCredentials = false;
        failEvery = 0;
        blockedUntil = 0;
        richLists = false;
        java.util.concurrent.CountDownLatch gate = readGate;
        readGate = null;
        if (gate != null) {
            gate.countDown();
        }
        heldReads.set(0);
        rejected.clear();
        stateRefused.clear();
        createAnswersToLose.clear();
        lostAnswers.set(0);
        faultRates.clear();
        faultsInjected.clear();
        repeatedCreates.set(0);
        failWrites = false;
        upFor.set(Long.MAX_VALUE);
        writeDelayMillis = 0;
        answerDelayMillis = 0;
        addGroup("Default Group", true);
    }

    // ---- seeding and inspection, for tests ----

    public synchronized Group addGroup(String name, boolean isDefault) {
        Group g = new Group("G" + ids.incrementAndGet(), name, isDefault);
        groups.put(g.id(), g);
        return g;
    }

    public synchronized User addUser(String email, String first, String last, String groupName, boolean groupAdmin,
                                     boolean accountAdmin, String status) {
        User u = new User("U" + ids.incrementAndGet(), email);
        u.firstName = first;
        u.lastName = last;
        u.accountAdmin = accountAdmin;
        u.status = status;
        Group g = groupNamed(groupName == null ? "Default Group" : groupName);
        if (g == null) {
            g = addGroup(groupName, false);
        }
        u.groups.put(g.id(), new boolean[]{groupAdmin, true});
        users.put(u.id, u);
        usersInOrder.add(u);
        byEmail.put(email.toLowerCase(Locale.ROOT), u);
        return u;
    }

    public synchronized User user(String email) {
        return byEmail.get(email.toLowerCase(Locale.ROOT));
    }

    public synchronized List<User> users() {
        return List.copyOf(users.values());
    }

    public synchronized Group groupNamed(String name) {
        return groups.values().stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    public synchronized String primaryGroupName(String email) {
        User u = user(email);
        return u == null || u.primaryGroupId() == null ? null : groups.get(u.primaryGroupId()).name();
    }

    public synchronized boolean groupAdmin(String email) {
        User u = user(email);
        return u != null && u.primaryGroupId() != null && u.groups.get(u.primaryGroupId())[0];
    }

    public synchronized long groupCount() {
        return groups.size();
    }

    public long calls(String endpoint) {
        AtomicLong n = calls.get(endpoint);
        return n == null ? 0 : n.get();
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /**
     * Adobe's cap on identical GETs (same path, query and caller): at most {@code perMinute} a minute (3 on
     * Global/Enterprise plans, the default here), beyond which a GET is answered 429 — or 304 when it carries the
     * current ETag; 0 turns it off.
     */
    public void identicalGetCap(int perMinute) {
        this.identicalGetCap = perMinute;
    }

    /** The cap {@link #reset()} restores (3 a minute unless set here). */
    public void identicalGetCapByDefault(int perMinute) {
        this.identicalGetCapByDefault = perMinute;
        this.identicalGetCap = perMinute;
    }

    /** Every answer leaves this much later, as over a network (the benchmark's requests then show in its times). */
    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    /** GETs answered 304 Not Modified. */
    public long notModified() {
        return notModified.get();
    }

    /** The most calls that arrived within one window of time (windows counted from the epoch, as budgets are). */
    public long mostCallsInAWindow(java.time.Duration window) {
        Map<Long, Long> perWindow = new java.util.HashMap<>();
        for (Long t : arrivals) {
            perWindow.merge(t / window.toMillis(), 1L, Long::sum);
        }
        return perWindow.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Calls so far by endpoint ("GET users", "PUT users/{id}/groups", …). */
    public Map<String, Long> callsByEndpoint() {
        Map<String, Long> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long writeCalls() {
        return calls.entrySet().stream().filter(e -> !e.getKey().startsWith("GET")).mapToLong(e -> e.getValue().get()).sum();
    }

    public long throttled() {
        return throttled.get();
    }

    /** Calls that arrived while a Retry-After wait was running: each restarted the wait. */
    public long earlyCalls() {
        return earlyCalls.get();
    }

    public void throttleEvery(int n, int retryAfter) {
        throttleEvery = n;
        retryAfterSeconds = retryAfter;
    }

    public void failEvery(int n) {
        failEvery = n;
    }

    /** POST users that found the email taken: a create sent again for someone who exists. */
    public long repeatedCreates() {
        return repeatedCreates.get();
    }

    /**
     * A misconfigured gateway in front of the account: every error answer echoes the request's headers, Authorization
     * included, in its message (as some proxies and debug pages do).
     */
    public void echoCredentials(boolean on) {
        this.echoCredentials = on;
    }

    /** The account's admin revoked the integration key: every request is refused with 401 until it is restored. */
    public void revokeKey(boolean revoked) {
        this.keyRevoked = revoked;
    }

    /** Every write answers 503 while reads work: an account that is half down. */
    public void failWrites(boolean on) {
        failWrites = on;
    }

    /**
     * The next {@code n} requests are answered as usual; every one after them answers 503: an account that goes down
     * in the middle of a run and stays down.
     */
    public void goDownAfter(long n) {
        upFor.set(n);
    }

    /** Each write takes this long: a slow account, so a test can stop a run midway. */
    public void delayWrites(long millis) {
        writeDelayMillis = millis;
    }

    /**
     * Each write is applied at once and answered this much later: a caller killed in that window leaves changes
     * that happened but were never confirmed to it.
     */
    public void answerWritesLate(long millis) {
        answerDelayMillis = millis;
    }

    /**
     * Every read waits until {@code gate} opens (null: none waits): an account slow to answer, so a test can see what
     * its caller does meanwhile.
     */
    public void holdReads(java.util.concurrent.CountDownLatch gate) {
        readGate = gate;
    }

    /** Reads that have waited at the gate, or wait there now. */
    public long heldReads() {
        return heldReads.get();
    }

    /** Injects {@code fault} into this share of requests (0..1), from a fixed seed so runs repeat. */
    public void inject(Fault fault, double rate) {
        faultRates.put(fault, rate);
    }

    /** How long a TIMEOUT_AFTER fault holds the answer back; longer than the client's timeout. */
    public void hangFor(long millis) {
        hangMillis = millis;
    }

    public long injected(Fault fault) {
        AtomicLong n = faultsInjected.get(fault);
        return n == null ? 0 : n.get();
    }

    private Fault rollFault() {
        if (faultRates.isEmpty()) {
            return null;
        }
        double roll;
        synchronized (faultDice) {
            roll = faultDice.nextDouble();
        }
        double edge = 0;
        for (Fault f : Fault.values()) {
            edge += faultRates.getOrDefault(f, 0.0);
            if (roll < edge) {
                faultsInjected.computeIfAbsent(f, k -> new AtomicLong()).incrementAndGet();
                return f;
            }
        }
        return null;
    }

    /** PUT users/{id}/state for this email answers 403 PERMISSION_DENIED until {@link #reset()}. */
    public void refuseStateChange(String email, boolean refused) {
        if (refused) {
            stateRefused.add(email.toLowerCase(Locale.ROOT));
        } else {
            stateRefused.remove(email.toLowerCase(Locale.ROOT));
        }
    }

    /** POST users for this email answers 400, as Sign does for data its account policy refuses. */
    public void rejectCreate(String email) {
        rejected.add(email.toLowerCase(Locale.ROOT));
    }

    /**
     * The next {@code POST users} for this email is applied, then its connection is dropped without an answer (as
     * {@link Fault#RESET_AFTER}, but for this create only, once): the user exists and the caller cannot know it.
     */
    public void loseCreateAnswer(String email) {
        createAnswersToLose.add(email.toLowerCase(Locale.ROOT));
    }

    /** Creates applied whose answer {@link #loseCreateAnswer} dropped. */
    public long injectedLostAnswers() {
        return lostAnswers.get();
    }

    /**
     * A richer shape than Adobe documents, as some API versions may answer: {@code status} in {@code GET users} entries
     * and {@code isPrimaryGroup} in member-list entries. Off by default: the documented shapes carry neither, and only
     * {@code GET users/{id}} tells a user's status and primary group.
     */
    public void richLists(boolean on) {
        richLists = on;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- HTTP ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String path = uri.getPath().replaceFirst("^/api/rest/v6/?", "");
            String method = ex.getRequestMethod();
            String endpoint = method + " " + template(path);
            // A request counts once its body has arrived whole: a caller killed while sending it made no call.
            byte[] in = ex.getRequestBody().readAllBytes();
            String declared = ex.getRequestHeaders().getFirst("Content-length");
            if (declared != null && in.length < Long.parseLong(declared.trim())) {
                return;
            }
            calls.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet();
            arrivals.add(System.currentTimeMillis());
            pause(latencyMillis);
            if (keyRevoked || !("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error("INVALID_ACCESS_TOKEN", "Access token provided is invalid or has expired"));
                return;
            }
            long now = System.currentTimeMillis();
            if (now < blockedUntil) {
                earlyCalls.incrementAndGet();
                throttle(ex, now);
                return;
            }
            if (upFor.getAndDecrement() <= 0) {
                send(ex, 503, error("SERVICE_UNAVAILABLE", "Service temporarily unavailable"));
                return;
            }
            long n = requestNo.incrementAndGet();
            if (throttleEvery > 0 && n % throttleEvery == 0) {
                throttle(ex, now);
                return;
            }
            if (failEvery > 0 && n % failEvery == 0) {
                send(ex, 503, error("SERVICE_UNAVAILABLE", "Service temporarily unavailable"));
                return;
            }
            if (!"GET".equals(method) && failWrites) {
                send(ex, 503, error("SERVICE_UNAVAILABLE", "Service temporarily unavailable"));
                return;
            }
            if (!"GET".equals(method)) {
                pause(writeDelayMillis);
            }
            java.util.concurrent.CountDownLatch gate = readGate;
            if ("GET".equals(method) && gate != null) {
                heldReads.incrementAndGet();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Fault fault = rollFault();
            if (fault == Fault.THROTTLE) {
                throttle(ex, now);
                return;
            }
            if (fault == Fault.HIGH_LOAD) {
                throttled.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "1");
                ex.getResponseHeaders().add("X-Throttling-Reason", "high-system-load");
                send(ex, 429, error("THROTTLING_HIGH_SYSTEM_LOAD", "The system is under high load, retry later"));
                return;
            }
            if (fault == Fault.UNAVAILABLE) {
                send(ex, 503, error("SERVICE_UNAVAILABLE", "Service temporarily unavailable"));
                return;
            }
            if (fault == Fault.RESET_BEFORE) {
                return; // closing the exchange without an answer drops the connection
            }
            JsonNode body = in.length == 0 ? null : json.readTree(in);
            Map<String, String> query = query(uri.getRawQuery());
            Reply r;
            synchronized (this) {
                r = route(method, path.split("/"), query, body);
            }
            if (fault == Fault.RESET_AFTER) {
                return;
            }
            if (r.status == 201 && "POST users".equals(endpoint) && body != null
                    && createAnswersToLose.remove(body.path("email").asText("").toLowerCase(Locale.ROOT))) {
                lostAnswers.incrementAndGet();
                return; // applied; closing the exchange without an answer drops the connection
            }
            if (fault == Fault.TIMEOUT_AFTER) {
                pause(hangMillis);
                return;
            }
            if (!"GET".equals(method)) {
                pause(answerDelayMillis);
            }
            if ("GET".equals(method) && r.status == 200) {
                // GETs carry an ETag; a matching If-None-Match is answered 304, and an identical GET beyond the cap
                // (same path, query and caller, per minute) is refused 429 unless it matches
                String etag = etag(r.body);
                boolean matches = etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"));
                long wait = identicalGetWait(uri + " " + ex.getRequestHeaders().getFirst("Authorization"), now);
                ex.getResponseHeaders().add("ETag", etag);
                if (matches) {
                    notModified.incrementAndGet();
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                if (wait > 0) {
                    throttled.incrementAndGet();
                    ex.getResponseHeaders().add("Retry-After", Long.toString(wait));
                    send(ex, 429, error("THROTTLING_TOO_MANY_REQUESTS", "Too many identical requests").put("retryAfter", wait));
                    return;
                }
            }
            send(ex, r.status, r.body);
        } catch (RuntimeException e) {
            send(ex, 500, error("INTERNAL_SERVER_ERROR", String.valueOf(e)));
        }
    }

    private String etag(JsonNode body) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(body));
            return "\"" + java.util.HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seconds until this identical GET is allowed under the cap again; 0 when it is allowed now (and is counted). */
    private long identicalGetWait(String request, long now) {
        int cap = identicalGetCap;
        if (cap <= 0) {
            return 0;
        }
        java.util.Deque<Long> times = identicalGets.computeIfAbsent(request, k -> new java.util.ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - 60_000) {
                times.pollFirst();
            }
            if (times.size() >= cap) {
                return Math.max(1, (times.peekFirst() + 60_000 - now + 999) / 1000);
            }
            times.addLast(now);
            return 0;
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void throttle(HttpExchange ex, long now) throws IOException {
        throttled.incrementAndGet();
        blockedUntil = now + retryAfterSeconds * 1000L;
        ex.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
        ObjectNode b = error("THROTTLING_TOO_MANY_REQUESTS", "Too many requests, retry after some time");
        b.put("retryAfter", retryAfterSeconds);
        send(ex, 429, b);
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply route(String method, String[] p, Map<String, String> q, JsonNode body) {
        String head = p[0];
        switch (method + " " + head + "/" + p.length) {
            case "GET baseUris/1":
                ObjectNode base = json.createObjectNode();
                base.put("apiAccessPoint", baseUrl() + "/");
                base.put("webAccessPoint", baseUrl() + "/");
                return ok(base);
            case "GET users/1":
                return page(usersInOrder, u -> true, u -> userInfo(u), "userInfoList", q);
            case "POST users/1":
                return createUser(body);
            case "GET users/2":
                return withUser(p[1], u -> ok(detail(u)));
            case "PUT users/2":
                return withUser(p[1], u -> updateUser(u, body));
            case "PUT users/3":
                if (p[2].equals("state")) {
                    return withUser(p[1], u -> setState(u, body));
                }
                if (p[2].equals("groups")) {
                    return withUser(p[1], u -> setGroups(u, body));
                }
                break;
            case "GET users/3":
                if (p[2].equals("groups")) {
                    return withUser(p[1], u -> {
                        ObjectNode o = json.createObjectNode();
                        ArrayNode list = o.putArray("groupInfoList");
                        u.groups.forEach((gid, f) -> list.addObject().put("id", gid).put("name", groups.get(gid).name())
                                .put("isGroupAdmin", f[0]).put("isPrimaryGroup", f[1]).put("status", "ACTIVE"));
                        return ok(o);
                    });
                }
                break;
            case "GET groups/1":
                return page(new ArrayList<>(groups.values()), g -> true, g -> json.createObjectNode().put("groupId", g.id())
                        .put("groupName", g.name()).put("isDefaultGroup", g.isDefault()), "groupInfoList", q);
            case "POST groups/1":
                return createGroup(body);
            case "GET groups/3":
                if (p[2].equals("users")) {
                    Group g = groups.get(p[1]);
                    if (g == null) {
                        return new Reply(404, error("INVALID_GROUP_ID", "Group not found"));
                    }
                    return page(usersInOrder, u -> u.groups.containsKey(g.id()), u -> {
                        boolean[] f = u.groups.get(g.id());
                        ObjectNode m = userInfo(u).put("isGroupAdmin", f[0]);
                        if (richLists) {
                            m.put("isPrimaryGroup", f[1]);
                        }
                        return m;
                    }, "userInfoList", q);
                }
                break;
            default:
                break;
        }
        return new Reply(404, error("NOT_FOUND", "No such endpoint: " + method + " " + String.join("/", p)));
    }

    /**
     * One page of a list: the entries from the cursor's position on that pass {@code include}. The cursor is the
     * position of the next entry that passes, so a page costs about what it returns, never a walk of the whole
     * account (a 100,000-user account pages quickly), and a group's member list pages like the user list.
     */
    private <T> Reply page(List<T> all, java.util.function.Predicate<T> include, java.util.function.Function<T, JsonNode> entry,
                           String field, Map<String, String> q) {
        int size = Integer.parseInt(q.getOrDefault("pageSize", "100"));
        if (size < 1 || size > 1000) {
            return new Reply(400, error("INVALID_PAGE_SIZE", "pageSize must be between 1 and 1000"));
        }
        int at = q.containsKey("cursor")
                ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(q.get("cursor")), StandardCharsets.UTF_8)) : 0;
        ObjectNode o = json.createObjectNode();
        ArrayNode list = o.putArray(field);
        for (int taken = 0; at < all.size() && taken < size; at++) {
            T e = all.get(at);
            if (include.test(e)) {
                list.add(entry.apply(e));
                taken++;
            }
        }
        while (at < all.size() && !include.test(all.get(at))) {
            at++;
        }
        ObjectNode page = o.putObject("page");
        if (at < all.size()) {
            page.put("nextCursor", Base64.getUrlEncoder().encodeToString(Integer.toString(at).getBytes(StandardCharsets.UTF_8)));
        }
        return ok(o);
    }

    private Reply createUser(JsonNode b) {
        String email = b == null ? "" : b.path("email").asText("");
        if (!email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
            return new Reply(400, error("INVALID_EMAIL", "Email is missing or invalid"));
        }
        if (rejected.contains(email.toLowerCase(Locale.ROOT))) {
            return new Reply(400, error("INVALID_USER_DATA", "User data rejected by account policy"));
        }
        if (byEmail.containsKey(email.toLowerCase(Locale.ROOT))) {
            repeatedCreates.incrementAndGet();
            return new Reply(409, error("USER_ALREADY_EXISTS", "A user with this email already exists"));
        }
        User u = new User("U" + ids.incrementAndGet(), email);
        u.firstName = b.path("firstName").asText(null);
        u.lastName = b.path("lastName").asText(null);
        u.company = b.path("company").asText(null);
        u.accountAdmin = b.path("isAccountAdmin").asBoolean(false);
        Group def = groups.values().stream().filter(Group::isDefault).findFirst().orElseThrow();
        u.groups.put(def.id(), new boolean[]{false, true});
        users.put(u.id, u);
        usersInOrder.add(u);
        byEmail.put(email.toLowerCase(Locale.ROOT), u);
        return new Reply(201, json.createObjectNode().put("id", u.id));
    }

    private Reply updateUser(User u, JsonNode b) {
        if (b == null || !u.email.equalsIgnoreCase(b.path("email").asText(""))
                || b.path("firstName").asText("").isEmpty() || b.path("lastName").asText("").isEmpty()) {
            return new Reply(400, error("MISSING_REQUIRED_PARAM", "PUT users/{id} needs the full user: email, firstName, lastName"));
        }
        u.firstName = b.path("firstName").asText();
        u.lastName = b.path("lastName").asText();
        if (b.has("company")) {
            u.company = b.path("company").isNull() ? null : b.path("company").asText();
        }
        u.accountAdmin = b.path("isAccountAdmin").asBoolean(u.accountAdmin);
        return new Reply(204, null);
    }

    private Reply setState(User u, JsonNode b) {
        String state = b == null ? "" : b.path("state").asText("");
        if (!state.equals("ACTIVE") && !state.equals("INACTIVE")) {
            return new Reply(400, error("INVALID_STATE", "state must be ACTIVE or INACTIVE"));
        }
        if (stateRefused.contains(u.email.toLowerCase(Locale.ROOT))) {
            return new Reply(403, error("PERMISSION_DENIED", "The user's state cannot be changed by this caller"));
        }
        u.status = state;
        return new Reply(204, null);
    }

    /**
     * {@code PUT users/{id}/groups}, whose list holds only the memberships that change. A single-group account: a
     * primary entry moves the user; a non-primary entry may only change the current group's admin flag. An account
     * with users in multiple groups ({@link #multipleGroups}): a primary entry makes that membership the primary
     * (joining the group if need be; the old primary stays a membership), another entry joins the group or sets its
     * admin flag, {@code status: DELETED} ends a membership; the Default Group is a group like any other (assigning
     * another group does not take a user out of it); a user is never left without a primary group.
     */
    private Reply setGroups(User u, JsonNode b) {
        JsonNode list = b == null ? null : b.get("groupInfoList");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return new Reply(400, error("MISSING_REQUIRED_PARAM", "groupInfoList is required"));
        }
        if (multipleGroups) {
            Map<String, boolean[]> next = new LinkedHashMap<>();
            u.groups.forEach((id, f) -> next.put(id, f.clone()));
            for (JsonNode e : list) {
                Group g = groups.get(e.path("id").asText());
                if (g == null) {
                    return new Reply(404, error("INVALID_GROUP_ID", "Group " + e.path("id").asText() + " not found"));
                }
                boolean admin = e.path("isGroupAdmin").asBoolean(false);
                if ("DELETED".equals(e.path("status").asText())) {
                    next.remove(g.id());
                } else if (e.path("isPrimaryGroup").asBoolean(false)) {
                    next.values().forEach(f -> f[1] = false);
                    next.put(g.id(), new boolean[]{admin, true});
                } else {
                    boolean[] f = next.get(g.id());
                    next.put(g.id(), new boolean[]{admin, f != null && f[1]});
                }
            }
            if (next.values().stream().noneMatch(f -> f[1])) {
                return new Reply(400, error("INVALID_PRIMARY_GROUP", "A user must have a primary group"));
            }
            u.groups.clear();
            u.groups.putAll(next);
            return new Reply(204, null);
        }
        for (JsonNode e : list) {
            Group g = groups.get(e.path("id").asText());
            if (g == null) {
                return new Reply(404, error("INVALID_GROUP_ID", "Group " + e.path("id").asText() + " not found"));
            }
            boolean admin = e.path("isGroupAdmin").asBoolean(false);
            if (e.path("isPrimaryGroup").asBoolean(false)) {
                u.groups.clear();
                u.groups.put(g.id(), new boolean[]{admin, true});
            } else if (u.groups.containsKey(g.id())) {
                u.groups.get(g.id())[0] = admin;
            } else {
                return new Reply(400, error("MULTIPLE_GROUPS_NOT_ENABLED", "users in multiple groups is not enabled for this account"));
            }
        }
        return new Reply(204, null);
    }

    private Reply createGroup(JsonNode b) {
        String name = b == null ? "" : b.path("name").asText("").strip();
        if (name.isEmpty()) {
            return new Reply(400, error("MISSING_REQUIRED_PARAM", "name is required"));
        }
        if (groupNamed(name) != null) {
            return new Reply(409, error("GROUP_ALREADY_EXISTS", "A group with this name already exists"));
        }
        Group g = addGroup(name, false);
        return new Reply(201, json.createObjectNode().put("id", g.id()));
    }

    private Reply withUser(String id, java.util.function.Function<User, Reply> f) {
        User u = users.get(id);
        return u == null ? new Reply(404, error("INVALID_USER_ID", "User not found")) : f.apply(u);
    }

    private ObjectNode userInfo(User u) {
        ObjectNode o = json.createObjectNode().put("id", u.id).put("email", u.email).put("firstName", u.firstName)
                .put("lastName", u.lastName).put("company", u.company).put("isAccountAdmin", u.accountAdmin)
                .put("accountId", "A1");
        if (richLists) {
            o.put("status", u.status);
        }
        return o;
    }

    private ObjectNode detail(User u) {
        return userInfo(u).put("email", u.email.toLowerCase(Locale.ROOT)).put("status", u.status)
                .put("primaryGroupId", u.primaryGroupId()).put("accountType", "GLOBAL").put("locale", "en_US");
    }

    private Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    private ObjectNode error(String code, String message) {
        return json.createObjectNode().put("code", code).put("message", message);
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        if (echoCredentials && status >= 400 && body instanceof ObjectNode o) {
            o.put("message", o.path("message").asText() + " (request headers: Authorization: "
                    + ex.getRequestHeaders().getFirst("Authorization") + ")");
        }
        byte[] out = body == null ? new byte[0] : json.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    q.put(kv.substring(0, i), java.net.URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static String template(String path) {
        String[] parts = path.split("/");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            s.append(i > 0 ? "/" : "").append(i % 2 == 1 ? "{id}" : parts[i]);
        }
        return s.toString();
    }

    /** The account has users in multiple groups (UMG) on, or off (the default, as most accounts). */
    public void multipleGroups(boolean on) {
        multipleGroups = on;
    }

    /** The user's memberships by group name: whether each is administered, and which is primary ("Sales*+": admin, primary). */
    public synchronized java.util.SortedSet<String> memberships(String email) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        User u = user(email);
        if (u != null) {
            u.groups.forEach((id, f) -> out.add(groups.get(id).name() + (f[1] ? "*" : "") + (f[0] ? "+" : "")));
        }
        return out;
    }

    /** Puts an existing user in one more group (not primary), as an admin might by hand in a multi-group account. */
    public synchronized void addMembership(String email, String groupName, boolean groupAdmin) {
        Group g = groupNamed(groupName);
        if (g == null) {
            g = addGroup(groupName, false);
        }
        user(email).groups.put(g.id(), new boolean[]{groupAdmin, false});
    }
}
