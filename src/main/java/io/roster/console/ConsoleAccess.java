package io.roster.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.util.Optional;

/**
 * The console's door: every page but the sign-in needs a live session (else the browser is sent to sign in), every
 * action an admin's session and its form token. Pages are never cached, framed or sniffed, and load nothing from
 * elsewhere.
 */
@ApplicationScoped
public class ConsoleAccess {

    static final String SESSION = "roster.console.session";

    private final ConsoleSessions sessions;

    public ConsoleAccess(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @ServerRequestFilter
    public Optional<Response> signedIn(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/console") || path.equals("/console/sign-in") || path.equals("/console/sso")) {
            return Optional.empty();
        }
        Cookie c = request.getCookies().get(ConsoleSessions.COOKIE);
        Optional<ConsoleSessions.Session> s = sessions.of(c == null ? null : c.getValue());
        if (s.isEmpty()) {
            return Optional.of(Response.seeOther(URI.create(base(request.getUriInfo()) + "console/sign-in")).build());
        }
        request.setProperty(SESSION, s.get());
        return Optional.empty();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/console")) {
            return;
        }
        response.getHeaders().putSingle("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none';"
                        + " base-uri 'none'");
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle("Referrer-Policy", "no-referrer");
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }

    /** The session the filter found (pages). */
    static ConsoleSessions.Session session(ContainerRequestContext request) {
        return (ConsoleSessions.Session) request.getProperty(SESSION);
    }

    /** An action: an admin's session, and the form token it was given; else 403. */
    static ConsoleSessions.Session admin(ContainerRequestContext request, String formToken) {
        ConsoleSessions.Session s = session(request);
        if (s == null || !s.admin()) {
            throw new ForbiddenException("read-only: sign in with roster.api.token to act");
        }
        if (!ConsoleSessions.formTokenMatches(s, formToken)) {
            throw new ForbiddenException("the form's token is missing or stale: reload the page and try again");
        }
        return s;
    }

    /**
     * Where the application is served from, as the browser sees it: "/" or, behind a reverse proxy that says so
     * (X-Forwarded-Prefix, with quarkus.http.proxy.enable-forwarded-prefix), its path prefix.
     */
    static String base(UriInfo uri) {
        String p = uri.getBaseUri().getPath();
        return p.endsWith("/") ? p : p + "/";
    }
}
