package io.roster.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenID Connect provider as the specification (OpenID Connect Core 1.0, Discovery 1.0) describes one, for the
 * authorization code flow: discovery, the authorization endpoint (which signs in whoever the test says is at the
 * browser, as a provider's login page would, and sends the browser back with a code), the token endpoint (client
 * secret by HTTP Basic or in the form; a code used once; an ID token signed RS256 with the nonce and the person's
 * groups) and the JWKS. What it does not do, it refuses with the documented OAuth error.
 */
public final class OidcProviderSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who is at the browser: their name and groups. */
    public record Person(String name, List<String> groups) {
    }

    private record Grant(Person person, String clientId, String redirectUri, String nonce) {
    }

    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final KeyPair keys;
    private final String kid = "sim-" + UUID.randomUUID();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicLong tokensIssued = new AtomicLong();
    private volatile Person atTheBrowser;

    public OidcProviderSimulator(String clientId, String clientSecret) throws Exception {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/corp";
    }

    /** The person the next sign-in at the authorization endpoint is for. */
    public void signsIn(Person person) {
        atTheBrowser = person;
    }

    public long tokensIssued() {
        return tokensIssued.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String prefix = "/realms/corp";
            if (!path.startsWith(prefix)) {
                reply(x, 404, Map.of("error", "not_found"));
                return;
            }
            switch (path.substring(prefix.length())) {
                case "/.well-known/openid-configuration" -> reply(x, 200, discovery());
                case "/protocol/openid-connect/certs" -> reply(x, 200, jwks());
                case "/protocol/openid-connect/auth" -> authorize(x);
                case "/protocol/openid-connect/token" -> token(x);
                default -> reply(x, 404, Map.of("error", "not_found"));
            }
        } catch (RuntimeException e) {
            reply(x, 500, Map.of("error", "server_error", "error_description", String.valueOf(e.getMessage())));
        }
    }

    private Map<String, Object> discovery() {
        String base = issuer() + "/protocol/openid-connect";
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer());
        d.put("authorization_endpoint", base + "/auth");
        d.put("token_endpoint", base + "/token");
        d.put("jwks_uri", base + "/certs");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        d.put("scopes_supported", List.of("openid", "profile", "email"));
        return d;
    }

    private Map<String, Object> jwks() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        return Map.of("keys", List.of(Map.of("kty", "RSA", "kid", kid, "use", "sig", "alg", "RS256",
                "n", b64(unsigned(pub.getModulus())), "e", b64(unsigned(pub.getPublicExponent())))));
    }

    /** The provider's login page, signed in at once as {@link #signsIn}: back to the client with a code and the state. */
    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        if (!clientId.equals(q.get("client_id")) || redirect == null) {
            reply(x, 400, Map.of("error", "invalid_request", "error_description", "unknown client_id or no redirect_uri"));
            return;
        }
        String sep = redirect.contains("?") ? "&" : "?";
        if (!"code".equals(q.get("response_type")) || !String.valueOf(q.get("scope")).contains("openid")) {
            redirect(x, redirect + sep + "error=unsupported_response_type&state=" + enc(q.get("state")));
            return;
        }
        Person p = atTheBrowser;
        if (p == null) {
            redirect(x, redirect + sep + "error=access_denied&state=" + enc(q.get("state")));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(p, clientId, redirect, q.get("nonce")));
        redirect(x, redirect + sep + "code=" + code + "&state=" + enc(q.get("state")));
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String id = f.get("client_id");
        String secret = f.get("client_secret");
        String basic = x.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            id = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            reply(x, 401, Map.of("error", "invalid_client"));
            return;
        }
        if (!"authorization_code".equals(f.get("grant_type"))) {
            reply(x, 400, Map.of("error", "unsupported_grant_type"));
            return;
        }
        Grant g = codes.remove(String.valueOf(f.get("code")));
        if (g == null || !g.redirectUri().equals(f.get("redirect_uri"))) {
            reply(x, 400, Map.of("error", "invalid_grant"));
            return;
        }
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("sub", UUID.nameUUIDFromBytes(g.person().name().getBytes(StandardCharsets.UTF_8)).toString());
        claims.put("aud", clientId);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("preferred_username", g.person().name());
        claims.put("groups", g.person().groups());
        if (g.nonce() != null) {
            claims.put("nonce", g.nonce());
        }
        tokensIssued.incrementAndGet();
        reply(x, 200, Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer", "expires_in", 300,
                "id_token", sign(claims)));
    }

    private String sign(Map<String, Object> claims) {
        try {
            String header = b64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", kid)));
            String body = b64(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
            return header + "." + body + "." + b64(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            String[] p = kv.split("=", 2);
            out.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1],
                    StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
    }

    private static void reply(HttpExchange x, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("Cache-Control", "no-store");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
