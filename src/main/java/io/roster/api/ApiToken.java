package io.roster.api;

import io.quarkus.runtime.Startup;
import io.roster.commands.LocalServiceFile;
import io.roster.config.RosterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * Roster's HTTP API starts runs, retries dead letters and shows people's data (audit, dead letters): every request to
 * it must carry {@code Authorization: Bearer <roster.api.token>}. Without a configured token the API is off. The
 * comparison takes the same time whatever the guess, and the token is never logged or echoed. One-shot commands on the
 * service's own machine bring the token of its {@link LocalServiceFile} instead, accepted only from loopback.
 */
@Startup
@ApplicationScoped
public class ApiToken {

    private static final String BEARER = "Bearer ";
    /** 32 characters: 128 bits or more from any generator worth using ({@code openssl rand -base64 32} gives 44). */
    public static final int SHORTEST = 32;

    private final Optional<byte[]> expected;
    /** The digest of the token the service's file gives one-shot commands on its machine; none in other processes. */
    private final Optional<byte[]> local;

    public ApiToken(RosterConfig config, LocalServiceAnnouncement local) {
        this.expected = checked(config.api().token()).map(ApiToken::digest);
        this.local = local.token().map(ApiToken::digest);
    }

    /** Refuses a token too short to resist guessing, at start (this bean is made at start), without showing it. */
    static Optional<String> checked(Optional<String> token) {
        Optional<String> t = token.map(String::strip).filter(s -> !s.isEmpty());
        if (t.isPresent() && t.get().length() < SHORTEST) {
            throw new IllegalStateException("roster.api.token (ROSTER_API_TOKEN) is " + t.get().length()
                    + " characters long; it must be at least " + SHORTEST + " (e.g. the output of openssl rand -base64 32)");
        }
        return t;
    }

    /** Every resource of the API is under /roster; a refusal answers instead of the resource. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> check(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/roster")) {
            return Optional.empty();
        }
        if (local.filter(t -> MessageDigest.isEqual(t, digest(bearer(request)))).isPresent()
                && http != null && http.connection() != null && http.connection().remoteAddress() != null
                && sameMachine(http.connection().remoteAddress().hostAddress(), http.connection().localAddress() == null
                ? null : http.connection().localAddress().hostAddress())) {
            return Optional.empty(); // a one-shot command beside the service, with the token only it can read
        }
        if (expected.isEmpty()) {
            return Optional.of(refuse(Response.Status.FORBIDDEN,
                    "the Roster API is off: set roster.api.token (ROSTER_API_TOKEN, from a Secret) to use it"));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(refuse(Response.Status.UNAUTHORIZED, "send Authorization: Bearer <roster.api.token>"));
        }
        if (!MessageDigest.isEqual(expected.get(), digest(bearer(request)))) {
            return Optional.of(refuse(Response.Status.UNAUTHORIZED, "the token is not roster.api.token"));
        }
        return Optional.empty();
    }

    private static String bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? ""
                : header.substring(BEARER.length()).strip();
    }

    /**
     * Whether the socket's peer is this machine: a loopback address, or the very address the service was reached at.
     * The connection's own addresses, not a forwarded header's (which a caller writes), and IP literals only: no name
     * is looked up.
     */
    static boolean sameMachine(String peer, String local) {
        java.net.InetAddress p = literal(peer);
        return p != null && (p.isLoopbackAddress() || p.equals(literal(local)));
    }

    private static java.net.InetAddress literal(String address) {
        if (address == null) {
            return null;
        }
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = a.indexOf('%');
        String bare = zone < 0 ? a : a.substring(0, zone);
        if (!bare.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+"))) {
            return null;
        }
        try {
            return java.net.InetAddress.getByName(bare); // a literal: parsed, not resolved
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static Response refuse(Response.Status status, String why) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", why));
        if (status == Response.Status.UNAUTHORIZED) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"roster\"");
        }
        return r.build();
    }

    /** Equal-length digests, so the comparison's time says nothing about the token's length or prefix. */
    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
