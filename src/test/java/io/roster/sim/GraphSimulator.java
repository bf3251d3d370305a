package io.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful stand-in for Microsoft Graph and the Microsoft identity platform's token endpoint, written from their
 * public documentation (learn.microsoft.com: oauth2 client credentials flow, graph/api/user-list, user-update,
 * json-batching, throttling, errors):
 * <ul>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token} with {@code grant_type=client_credentials}, {@code client_id},
 *       {@code client_secret} and {@code scope=https://graph.microsoft.com/.default}: {@code {token_type, expires_in,
 *       access_token}}; a wrong secret is {@code 401 invalid_client} with an {@code AADSTS} description.</li>
 *   <li>{@code GET /v1.0/users?$select=…&$top=…}: the leanest shape — {@code id} and the selected properties only,
 *       {@code $top} at most 999 (100 when absent), further pages by {@code @odata.nextLink} with a
 *       {@code $skiptoken}.</li>
 *   <li>{@code POST /v1.0/$batch}: at most 20 requests; each answered with its own status, in no promised order (here:
 *       reversed). {@code PATCH /users/{id}} answers 204; an unknown user 404 {@code Request_ResourceNotFound}; a
 *       property Graph does not know, or a synced user's on-premises-mastered attribute, 400 {@code Request_BadRequest}.</li>
 *   <li>{@code POST /v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}/bulkUpload} (API-driven inbound
 *       provisioning): {@code Content-Type: application/scim+json}, a SCIM {@code BulkRequest} of at most 50
 *       operations, each a {@code POST} to {@code /Users}; answered {@code 202 Accepted} with no body and a
 *       {@code Location} header. The provisioning job processes the records later ({@link #provisioningCycle}): it
 *       finds each user whose matching attribute ({@code employeeId} by default) equals the record's
 *       {@code externalId}, creates one when none does, and applies its attribute mapping (SCIM attribute → Entra
 *       attribute, Microsoft's defaults plus those an admin added). A null, or an attribute left out, clears only
 *       where the admin ticked "Flow null values" on the mapping; elsewhere both leave the attribute as it is.</li>
 *   <li>Every Graph call needs a live bearer token: an expired or unknown one is 401 {@code InvalidAuthenticationToken}.
 *       Throttling is 429 with {@code Retry-After}, for a whole request or for one request inside a batch.</li>
 * </ul>
 */
public final class GraphSimulator implements AutoCloseable {

    /** The user properties Graph knows and lets an application write (of those signature tools use). */
    public static final Set<String> WRITABLE = Set.of("givenName", "surname", "displayName", "jobTitle", "department",
            "companyName", "officeLocation", "businessPhones", "mobilePhone", "faxNumber", "streetAddress", "city", "state",
            "postalCode", "country", "employeeId", "employeeType", "employeeHireDate", "onPremisesExtensionAttributes");
    private static final Set<String> READABLE = Set.of("id", "userPrincipalName", "mail", "proxyAddresses",
            "onPremisesSyncEnabled", "onPremisesDistinguishedName");

    /** One user as Graph keeps it: scalar properties by name, phones and addresses as lists, extension attributes. */
    public static final class User {
        public final String id;
        public final Map<String, Object> properties = new TreeMap<>();
        public final Map<String, String> extensionAttributes = new TreeMap<>();
        public volatile boolean synced;
        public final AtomicInteger patches = new AtomicInteger();
        /** When each property last changed (a change sequence number), for the delta query. */
        final Map<String, Long> changedAt = new ConcurrentHashMap<>();
        volatile long createdAt;

        User(String id) {
            this.id = id;
        }

        public String get(String property) {
            Object v = properties.get(property);
            if (v instanceof List<?> list) {
                return list.isEmpty() ? null : String.valueOf(list.get(0));
            }
            return v == null ? null : String.valueOf(v);
        }
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final String tenant;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong tokenCount = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile long tokenSeconds = 3599;
    private volatile int throttleInBatch;
    private final AtomicLong throttledInBatches = new AtomicLong();
    private volatile int throttleRequests;
    private final AtomicLong changes = new AtomicLong();
    private final Map<String, Long> removed = new ConcurrentHashMap<>();
    private volatile int deltaPage = 500;
    private volatile int deltaEpoch;
    private volatile String rotatedSecret;
    private final Set<String> failBatchesWith = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttleTokens = new AtomicInteger();
    private volatile java.security.cert.X509Certificate certificate;
    private volatile String provisioningApp;
    private final Map<String, String> provisioningMapping = new LinkedHashMap<>();
    /** Mappings (by Entra attribute) with "Flow null values" ticked: a null, or an attribute left out, clears. */
    private final Set<String> flowNullValues = ConcurrentHashMap.newKeySet();
    private volatile String provisioningMatch = "employeeId";
    private final List<JsonNode> provisioningQueue = new ArrayList<>();
    private final AtomicLong provisioningCreated = new AtomicLong();
    private final AtomicLong provisioningOperations = new AtomicLong();

    public GraphSimulator(String tenant, String clientId, String clientSecret) throws IOException {
        this.tenant = tenant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The token URL for this tenant, as {@code https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token}. */
    public String tokenUrl() {
        return baseUrl() + "/" + tenant + "/oauth2/v2.0/token";
    }

    // ---- seeding, faults and inspection, for tests ----

    public synchronized void reset() {
        users.clear();
        tokens.clear();
        calls.clear();
        tokenCount.set(0);
        requests.set(0);
        tokenSeconds = 3599;
        throttleInBatch = 0;
        throttleRequests = 0;
        removed.clear();
        deltaPage = 500;
        rotatedSecret = null;
        failBatchesWith.clear();
        throttleTokens.set(0);
        certificate = null;
        provisioningApp = null;
        provisioningMapping.clear();
        flowNullValues.clear();
        provisioningQueue.clear();
        provisioningCreated.set(0);
        provisioningOperations.set(0);
    }

    /**
     * An API-driven inbound provisioning app, its service principal and job, with the attribute mapping its template
     * starts with (SCIM attribute → Entra attribute, as Microsoft's SCIM schema pairs them) and externalId matched
     * with employeeId.
     */
    public synchronized void provisioningApp(String servicePrincipal, String job) {
        provisioningApp = servicePrincipal + "/" + job;
        provisioningMapping.clear();
        String enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";
        provisioningMapping.putAll(Map.ofEntries(Map.entry("name.givenName", "givenName"),
                Map.entry("name.familyName", "surname"), Map.entry("displayName", "displayName"),
                Map.entry("title", "jobTitle"), Map.entry("phoneNumbers[type eq \"work\"].value", "businessPhones"),
                Map.entry("phoneNumbers[type eq \"mobile\"].value", "mobilePhone"),
                Map.entry("phoneNumbers[type eq \"fax\"].value", "faxNumber"),
                Map.entry("addresses[type eq \"work\"].streetAddress", "streetAddress"),
                Map.entry("addresses[type eq \"work\"].locality", "city"),
                Map.entry("addresses[type eq \"work\"].region", "state"),
                Map.entry("addresses[type eq \"work\"].postalCode", "postalCode"),
                Map.entry("addresses[type eq \"work\"].country", "country"),
                Map.entry(enterprise + "employeeNumber", "employeeId"), Map.entry(enterprise + "department", "department"),
                Map.entry(enterprise + "organization", "companyName")));
    }

    /** The admin extended the app's attribute list and mapped a custom SCIM attribute to an Entra attribute. */
    public synchronized void mapProvisioned(String scimPath, String entraAttribute) {
        provisioningMapping.put(scimPath, entraAttribute);
    }

    /**
     * The admin ticked "Flow null values" on this attribute's mapping (Microsoft: "Clear attribute values"): a record's
     * null, or a record that leaves the attribute out, clears it. Without it, both leave the attribute as it is.
     */
    public void flowNullValues(String entraAttribute) {
        flowNullValues.add(entraAttribute);
    }

    /** Records the provisioning app has taken and not yet processed. */
    public synchronized int provisioningQueued() {
        return provisioningQueue.size();
    }

    /** Operations received by bulkUpload, and users the app created because no user matched a record. */
    public long provisioningOperations() {
        return provisioningOperations.get();
    }

    public long provisioningCreated() {
        return provisioningCreated.get();
    }

    /**
     * The provisioning job's cycle: every queued record matched by externalId and its mapped attributes applied (the
     * delta query then reports them); a record no user matches creates a user, as the real app would.
     */
    public synchronized void provisioningCycle() {
        for (JsonNode data : provisioningQueue) {
            String externalId = data.path("externalId").asText();
            User u = users.values().stream().filter(x -> externalId.equals(x.get(provisioningMatch))).findFirst()
                    .orElse(null);
            if (u == null) {
                u = addUser("provisioned-" + externalId + "@contoso.example", null, false);
                u.properties.put(provisioningMatch, externalId);
                provisioningCreated.incrementAndGet();
            }
            long at = changes.incrementAndGet();
            for (Map.Entry<String, String> m : provisioningMapping.entrySet()) {
                String attribute = m.getValue();
                JsonNode v = scimValue(data, m.getKey());
                if (v == null || v.isNull()) {
                    if (!flowNullValues.contains(attribute)) {
                        continue; // null values do not flow: the attribute stays
                    }
                    v = json.nullNode();
                }
                u.changedAt.put(attribute.startsWith("extensionAttribute") ? "onPremisesExtensionAttributes" : attribute,
                        at);
                if (attribute.startsWith("extensionAttribute")) {
                    if (v.isNull()) {
                        u.extensionAttributes.remove(attribute);
                    } else {
                        u.extensionAttributes.put(attribute, v.asText());
                    }
                } else if (v.isNull()) {
                    u.properties.remove(attribute);
                } else {
                    u.properties.put(attribute, attribute.equals("businessPhones") ? List.of(v.asText()) : v.asText());
                }
            }
            u.patches.incrementAndGet();
        }
        provisioningQueue.clear();
    }

    /** A SCIM attribute's value in a record: null when the record leaves it out, a null node when it is unassigned. */
    private static JsonNode scimValue(JsonNode data, String path) {
        JsonNode at = data;
        String rest = path;
        if (path.startsWith("urn:")) {
            int colon = path.lastIndexOf(':');
            at = data.get(path.substring(0, colon));
            rest = path.substring(colon + 1);
            if (at == null) {
                return null;
            }
        }
        java.util.regex.Matcher f = java.util.regex.Pattern.compile("(\\w+)\\[type eq \"([^\"]+)\"]\\.(\\w+)")
                .matcher(rest);
        if (f.matches()) {
            JsonNode list = at.get(f.group(1));
            if (list == null || !list.isArray()) {
                return null;
            }
            for (JsonNode item : list) {
                if (f.group(2).equals(item.path("type").asText())) {
                    return item.get(f.group(3));
                }
            }
            return null;
        }
        for (String part : rest.split("\\.")) {
            if (at == null || !at.isObject()) {
                return null;
            }
            at = at.get(part);
        }
        return at;
    }

    /** A user of the tenant; {@code synced}: mastered in on-premises AD ({@code onPremisesSyncEnabled: true}). */
    public synchronized User addUser(String upn, String mail, boolean synced, String... proxyAddresses) {
        User u = new User(java.util.UUID.nameUUIDFromBytes(upn.getBytes(StandardCharsets.UTF_8)).toString());
        u.properties.put("userPrincipalName", upn);
        if (mail != null) {
            u.properties.put("mail", mail);
        }
        u.properties.put("proxyAddresses", List.of(proxyAddresses));
        u.properties.put("businessPhones", List.of());
        u.synced = synced;
        u.createdAt = changes.incrementAndGet();
        users.put(u.id, u);
        return u;
    }

    /** Someone changes a user's property in Entra (the admin centre, another tool): the delta query reports it. */
    public synchronized void set(String upn, String property, String value) {
        User u = user(upn);
        if (value == null) {
            u.properties.remove(property);
        } else {
            u.properties.put(property, property.equals("businessPhones") ? List.of(value) : value);
        }
        u.changedAt.put(property, changes.incrementAndGet());
    }

    /** A user deleted from the tenant: the delta query reports it as removed. */
    public synchronized void delete(String upn) {
        User u = user(upn);
        users.remove(u.id);
        removed.put(u.id, changes.incrementAndGet());
    }

    /**
     * The app's secret was rotated in Entra: the one Roster has is refused, and (as a misconfigured proxy in front
     * of the token endpoint might) the refusal echoes the form it was sent, secret included.
     */
    public void rotateSecret(String newSecret) {
        rotatedSecret = newSecret;
    }

    /** The next n token requests are answered 503 with Retry-After: 1 (the identity platform under load). */
    public void throttleTokens(int n) {
        throttleTokens.set(n);
    }

    /** A $batch request carrying a PATCH of this user answers 503 as a whole (no Retry-After): Graph in trouble. */
    public void failBatchesWith(String userId) {
        failBatchesWith.add(userId);
    }

    /** The certificate uploaded to the app registration: client assertions signed with its key are accepted. */
    public void acceptCertificate(java.security.cert.X509Certificate cert) {
        certificate = cert;
    }

    /** Every delta link given so far has expired (Graph keeps them 7 days): using one is 400 syncStateNotFound. */
    public void expireDeltaLinks() {
        deltaEpoch++;
    }

    /** Users per page of a delta query (Graph decides its own; 500 here). */
    public void deltaPage(int n) {
        deltaPage = n;
    }

    public synchronized User user(String upn) {
        return users.values().stream().filter(u -> upn.equalsIgnoreCase(u.get("userPrincipalName"))).findFirst()
                .orElse(null);
    }

    /** Tokens issued from now on live this long. */
    public void tokenLifetime(long seconds) {
        tokenSeconds = seconds;
    }

    /** Every token issued so far has expired. */
    public void expireTokens() {
        tokens.replaceAll((t, until) -> Instant.EPOCH);
    }

    /** In every batch, the n-th request (1-based) is answered 429 with Retry-After: 1, once per batch. */
    public void throttleInBatch(int n) {
        throttleInBatch = n;
    }

    /** Requests of batches answered 429 (the batch itself 200) since the start. */
    public long throttledInBatches() {
        return throttledInBatches.get();
    }

    /** The next n Graph requests are answered 429 with Retry-After: 1 as a whole. */
    public void throttleRequests(int n) {
        throttleRequests = n;
    }

    public long tokensIssued() {
        return tokenCount.get();
    }

    /** Graph requests (not token requests), each batch counting once. */
    public long requests() {
        return requests.get();
    }

    /** Calls by kind: "GET users", "POST $batch", "PATCH users/{id}" (inside batches), "POST token". */
    public long calls(String kind) {
        AtomicLong n = calls.get(kind);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- the HTTP side ----

    private record Reply(int status, Object body, Map<String, String> headers) {
        Reply(int status, Object body) {
            this(status, body, Map.of());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            reply = route(ex);
        } catch (RuntimeException e) {
            reply = new Reply(500, error("generalException", "simulator: " + e));
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] bytes = reply.body() == null ? new byte[0] : json.writeValueAsBytes(reply.body());
        if (reply.body() != null) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private Reply route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        if (method.equals("POST") && path.equals("/" + tenant + "/oauth2/v2.0/token")) {
            count("POST token");
            if (throttleTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return new Reply(503, Map.of("error", "temporarily_unavailable", "error_description",
                        "AADSTS90033: A transient error has occurred. Please try again."), Map.of("Retry-After", "1"));
            }
            return token(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        requests.incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Instant until = auth == null || !auth.startsWith("Bearer ") ? null : tokens.get(auth.substring(7));
        if (until == null || Instant.now().isAfter(until)) {
            return new Reply(401, error("InvalidAuthenticationToken", "Access token has expired or is not yet valid."));
        }
        synchronized (this) {
            if (throttleRequests > 0) {
                throttleRequests--;
                return new Reply(429, error("TooManyRequests", "Too many requests"), Map.of("Retry-After", "1"));
            }
        }
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (method.equals("GET") && path.equals("/v1.0/users")) {
            count("GET users");
            return list(query);
        }
        if (method.equals("GET") && path.equals("/v1.0/users/delta")) {
            count("GET users/delta");
            return delta(query);
        }
        if (method.equals("POST") && path.equals("/v1.0/$batch")) {
            count("POST $batch");
            return batch(json.readTree(ex.getRequestBody().readAllBytes()));
        }
        if (method.equals("POST") && path.startsWith("/v1.0/servicePrincipals/") && path.endsWith("/bulkUpload")) {
            count("POST bulkUpload");
            return bulkUpload(path, ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestBody().readAllBytes());
        }
        return new Reply(400, error("BadRequest", "Resource not found for the segment '" + path + "'."));
    }

    private synchronized Reply bulkUpload(String path, String contentType, byte[] body) throws IOException {
        String[] parts = path.split("/"); // "", v1.0, servicePrincipals, {id}, synchronization, jobs, {job}, bulkUpload
        String app = parts.length == 8 ? URLDecoder.decode(parts[3], StandardCharsets.UTF_8) + "/"
                + URLDecoder.decode(parts[6], StandardCharsets.UTF_8) : null;
        if (app == null || !app.equals(provisioningApp)) {
            return new Reply(404, error("Request_ResourceNotFound", "Resource '" + path + "' does not exist."));
        }
        if (contentType == null || !contentType.startsWith("application/scim+json")) {
            return new Reply(400, error("BadRequest", "The Content-Type header must be application/scim+json."));
        }
        JsonNode request = json.readTree(body);
        JsonNode schemas = request.path("schemas");
        if (!schemas.isArray() || schemas.size() != 1
                || !"urn:ietf:params:scim:api:messages:2.0:BulkRequest".equals(schemas.get(0).asText())) {
            return new Reply(400, error("BadRequest", "schemas must be urn:ietf:params:scim:api:messages:2.0:BulkRequest."));
        }
        JsonNode ops = request.path("Operations");
        if (!ops.isArray() || ops.isEmpty()) {
            return new Reply(400, error("BadRequest", "The request has no Operations."));
        }
        if (ops.size() > 50) {
            return new Reply(400, error("BadRequest", "The number of operations " + ops.size()
                    + " exceeds the limit of 50 operations per request."));
        }
        for (JsonNode op : ops) {
            JsonNode data = op.path("data");
            if (!"POST".equals(op.path("method").asText()) || !op.hasNonNull("bulkId")
                    || !data.path("externalId").isTextual() || !data.path("schemas").isArray()) {
                return new Reply(400, error("BadRequest", "Each operation needs method POST, a bulkId and data with"
                        + " schemas and externalId."));
            }
        }
        ops.forEach(op -> provisioningQueue.add(op.get("data")));
        provisioningOperations.addAndGet(ops.size());
        return new Reply(202, null, Map.of("Location", baseUrl() + "/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'"
                + enc(parts[6]) + "'"));
    }

    private Reply token(String form) {
        Map<String, String> f = query(form);
        if (!"client_credentials".equals(f.get("grant_type"))) {
            return new Reply(400, Map.of("error", "unsupported_grant_type",
                    "error_description", "AADSTS70003: The app requested an unsupported grant type."));
        }
        if (f.containsKey("client_assertion")) {
            String refused = assertionRefused(f);
            if (refused != null) {
                return new Reply(401, Map.of("error", "invalid_client", "error_description", refused));
            }
            return issue();
        }
        String expected = rotatedSecret != null ? rotatedSecret : clientSecret;
        if (rotatedSecret != null && !expected.equals(f.get("client_secret"))) {
            return new Reply(401, Map.of("error", "invalid_client", "error_description",
                    "AADSTS7000215: Invalid client secret provided. Request: " + form));
        }
        if (!clientId.equals(f.get("client_id")) || !expected.equals(f.get("client_secret"))) {
            return new Reply(401, Map.of("error", "invalid_client", "error_description",
                    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the"
                            + " client secret value, not the client secret ID."));
        }
        if (f.get("scope") == null || !f.get("scope").endsWith("/.default")) {
            return new Reply(400, Map.of("error", "invalid_scope", "error_description",
                    "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a"
                            + " scope value with /.default suffixed to the resource identifier."));
        }
        return issue();
    }

    private Reply issue() {
        String token = "eyJ0eXAi.sim-" + tokenCount.incrementAndGet();
        tokens.put(token, Instant.now().plusSeconds(tokenSeconds));
        return new Reply(200, Map.of("token_type", "Bearer", "expires_in", tokenSeconds, "ext_expires_in", tokenSeconds,
                "access_token", token));
    }

    /** Why a client assertion is refused (as the identity platform's AADSTS codes say), or null: it is good. */
    private String assertionRefused(Map<String, String> f) {
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(f.get("client_assertion_type"))) {
            return "AADSTS50027: Invalid JWT token. client_assertion_type is not jwt-bearer.";
        }
        String[] parts = f.get("client_assertion").split("\\.");
        java.security.cert.X509Certificate cert = certificate;
        try {
            JsonNode header = json.readTree(java.util.Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = json.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            if (cert == null || !java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()))
                    .equals(header.path("x5t").asText())) {
                return "AADSTS700027: The certificate with identifier used to sign the client assertion is not"
                        + " registered on application.";
            }
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initVerify(cert.getPublicKey());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(java.util.Base64.getUrlDecoder().decode(parts[2]))) {
                return "AADSTS700027: Client assertion failed signature validation.";
            }
            long now = Instant.now().getEpochSecond();
            if (!tokenUrl().equals(claims.path("aud").asText()) || !clientId.equals(claims.path("iss").asText())
                    || !clientId.equals(claims.path("sub").asText()) || claims.path("exp").asLong() < now
                    || claims.path("nbf").asLong() > now + 300) {
                return "AADSTS700023: Client assertion audience, issuer, subject or lifetime is not valid.";
            }
            return null;
        } catch (Exception e) {
            return "AADSTS50027: Invalid JWT token. " + e.getClass().getSimpleName();
        }
    }

    private synchronized Reply list(Map<String, String> query) {
        int top = query.containsKey("$top") ? Integer.parseInt(query.get("$top")) : 100;
        if (top < 1 || top > 999) {
            return new Reply(400, error("Request_UnsupportedQuery", "Invalid page size specified: '" + top
                    + "'. Must be between 1 and 999 inclusive."));
        }
        List<String> select = query.containsKey("$select") ? List.of(query.get("$select").split(","))
                : List.of("businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
                "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
        for (String p : select) {
            if (!WRITABLE.contains(p) && !READABLE.contains(p)) {
                return new Reply(400, error("Request_BadRequest", "Could not find a property named '" + p
                        + "' on type 'Microsoft.DirectoryServices.User'."));
            }
        }
        int from = query.containsKey("$skiptoken") ? Integer.parseInt(query.get("$skiptoken")) : 0;
        List<User> all = new ArrayList<>(users.values());
        ArrayNode value = json.createArrayNode();
        for (int i = from; i < Math.min(all.size(), from + top); i++) {
            value.add(view(all.get(i), select));
        }
        ObjectNode page = json.createObjectNode();
        page.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users(" + String.join(",", select) + ")");
        page.set("value", value);
        if (from + top < all.size()) {
            page.put("@odata.nextLink", baseUrl() + "/v1.0/users?$select=" + String.join(",", select) + "&$top=" + top
                    + "&$skiptoken=" + (from + top));
        }
        return new Reply(200, page);
    }

    /**
     * The delta query: without a token every user (all selected properties), page by page; the last page carries an
     * {@code @odata.deltaLink}. With its {@code $deltatoken}: only users changed since, each as its id and the
     * properties that changed (the leanest shape the documentation allows), and deleted ones as {@code @removed}.
     * Query parameters are given on the first request only; the links carry them.
     */
    private synchronized Reply delta(Map<String, String> query) {
        String select;
        long since;
        long snapshot;
        int from;
        if (query.containsKey("$skiptoken")) {
            String[] t = query.get("$skiptoken").split("~", -1);
            select = t[0];
            since = Long.parseLong(t[1]);
            snapshot = Long.parseLong(t[2]);
            from = Integer.parseInt(t[3]);
        } else if (query.containsKey("$deltatoken")) {
            String[] t = query.get("$deltatoken").split("~", -1);
            if (Integer.parseInt(t[2]) != deltaEpoch) {
                return new Reply(400, error("syncStateNotFound", "The sync state generation is not found. The delta"
                        + " token is expired and data must be synchronized again."));
            }
            select = t[0];
            since = Long.parseLong(t[1]);
            snapshot = changes.get();
            from = 0;
        } else {
            select = query.getOrDefault("$select", "id,userPrincipalName,mail");
            since = -1;
            snapshot = changes.get();
            from = 0;
        }
        List<String> fields = List.of(select.split(","));
        // what this read returns, as (user, properties) or (removed id, null); each page builds only its own views
        List<Map.Entry<Object, List<String>>> all = new ArrayList<>();
        for (User u : users.values()) {
            if (since < 0 || u.createdAt > since) {
                all.add(Map.entry(u, fields));
                continue;
            }
            List<String> changed = fields.stream().filter(f -> u.changedAt.getOrDefault(f, 0L) > since).toList();
            if (!changed.isEmpty()) {
                all.add(Map.entry(u, changed));
            }
        }
        if (since >= 0) {
            removed.forEach((id, at) -> {
                if (at > since) {
                    all.add(Map.entry(id, List.of()));
                }
            });
        }
        ArrayNode value = json.createArrayNode();
        for (Map.Entry<Object, List<String>> e : all.subList(Math.min(from, all.size()),
                Math.min(all.size(), from + deltaPage))) {
            if (e.getKey() instanceof User u) {
                value.add(view(u, e.getValue()));
            } else {
                ObjectNode gone = value.addObject();
                gone.put("id", (String) e.getKey());
                gone.putObject("@removed").put("reason", "deleted");
            }
        }
        ObjectNode page = json.createObjectNode();
        page.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users(" + select + ")");
        page.set("value", value);
        if (from + deltaPage < all.size()) {
            page.put("@odata.nextLink", baseUrl() + "/v1.0/users/delta?$skiptoken=" + enc(select + "~" + since + "~"
                    + snapshot + "~" + (from + deltaPage)));
        } else {
            page.put("@odata.deltaLink", baseUrl() + "/v1.0/users/delta?$deltatoken=" + enc(select + "~" + snapshot
                    + "~" + deltaEpoch));
        }
        return new Reply(200, page);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private ObjectNode view(User u, List<String> select) {
        ObjectNode o = json.createObjectNode();
        o.put("id", u.id);
        for (String p : select) {
            switch (p) {
                case "id" -> { }
                case "onPremisesSyncEnabled" -> {
                    if (u.synced) {
                        o.put(p, true);
                    } else {
                        o.putNull(p); // cloud-only users read as null, not false
                    }
                }
                case "onPremisesExtensionAttributes" -> {
                    ObjectNode ext = o.putObject(p);
                    for (int i = 1; i <= 15; i++) {
                        String v = u.extensionAttributes.get("extensionAttribute" + i);
                        if (v == null) {
                            ext.putNull("extensionAttribute" + i);
                        } else {
                            ext.put("extensionAttribute" + i, v);
                        }
                    }
                }
                default -> o.set(p, json.valueToTree(u.properties.get(p)));
            }
        }
        return o;
    }

    private Reply batch(JsonNode body) {
        JsonNode requests = body == null ? null : body.get("requests");
        if (requests == null || !requests.isArray()) {
            return new Reply(400, error("BadRequest", "Invalid batch payload format."));
        }
        for (JsonNode r : requests) {
            if (failBatchesWith.stream().anyMatch(id -> r.path("url").asText().endsWith("/" + id))) {
                return new Reply(503, error("serviceNotAvailable", "The service is temporarily unavailable."));
            }
        }
        if (requests.size() > 20) {
            return new Reply(400, error("BadRequest", "The number of batch requests exceeds the limit of 20."));
        }
        List<ObjectNode> responses = new ArrayList<>();
        int n = 0;
        for (JsonNode r : requests) {
            n++;
            ObjectNode out = json.createObjectNode();
            out.put("id", r.path("id").asText());
            Reply one;
            if (n == throttleInBatch) {
                throttledInBatches.incrementAndGet();
                one = new Reply(429, error("TooManyRequests", "Too many requests"), Map.of("Retry-After", "1"));
            } else {
                one = subRequest(r);
            }
            out.put("status", one.status());
            ObjectNode headers = out.putObject("headers");
            one.headers().forEach(headers::put);
            if (one.body() != null) {
                headers.put("Content-Type", "application/json");
                out.set("body", json.valueToTree(one.body()));
            }
            responses.add(0, out); // the documentation promises no order: answer in reverse
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("responses", json.valueToTree(responses));
        return new Reply(200, answer);
    }

    private synchronized Reply subRequest(JsonNode r) {
        String method = r.path("method").asText();
        String url = r.path("url").asText();
        String path = url.startsWith("/") ? url.substring(1) : url;
        if (!method.equals("PATCH") || !path.startsWith("users/")) {
            return new Reply(400, error("BadRequest", "Unsupported request in this simulator: " + method + " " + url));
        }
        count("PATCH users/{id}");
        String id = URLDecoder.decode(path.substring("users/".length()), StandardCharsets.UTF_8);
        User u = users.containsKey(id) ? users.get(id) : user(id); // a userPrincipalName works as the key too
        if (u == null) {
            return new Reply(404, error("Request_ResourceNotFound", "Resource '" + id
                    + "' does not exist or one of its queried reference-property objects are not present."));
        }
        JsonNode body = r.get("body");
        if (body == null || !body.isObject()) {
            return new Reply(400, error("BadRequest", "Empty Payload. JSON content expected."));
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            if (!WRITABLE.contains(p)) {
                return new Reply(400, error("Request_BadRequest", "Invalid property '" + p + "'."));
            }
        }
        if (u.synced) {
            return new Reply(400, error("Request_BadRequest", "Unable to update the specified properties for"
                    + " on-premises mastered Directory Sync objects or objects currently undergoing migration."));
        }
        long at = changes.incrementAndGet();
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            u.changedAt.put(e.getKey(), at);
            if (e.getKey().equals("onPremisesExtensionAttributes")) {
                e.getValue().fields().forEachRemaining(x -> {
                    if (x.getValue().isNull()) {
                        u.extensionAttributes.remove(x.getKey());
                    } else {
                        u.extensionAttributes.put(x.getKey(), x.getValue().asText());
                    }
                });
            } else if (e.getValue().isNull()) {
                u.properties.remove(e.getKey());
            } else if (e.getValue().isArray()) {
                List<String> list = new ArrayList<>();
                e.getValue().forEach(v -> list.add(v.asText()));
                u.properties.put(e.getKey(), list);
            } else {
                u.properties.put(e.getKey(), e.getValue().asText());
            }
        }
        u.patches.incrementAndGet();
        return new Reply(204, null);
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message,
                "innerError", Map.of("request-id", java.util.UUID.randomUUID().toString(), "date",
                        Instant.now().toString())));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private void count(String kind) {
        calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /** What a user holds, flattened as Roster maps it: the first business phone, extension attributes by name. */
    public synchronized Map<String, String> fields(String upn) {
        User u = user(upn);
        Map<String, String> out = new TreeMap<>();
        u.properties.forEach((k, v) -> {
            String s = u.get(k);
            if (s != null && !k.equals("proxyAddresses")) {
                out.put(k, s);
            }
        });
        out.putAll(u.extensionAttributes);
        return out;
    }
}
