package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Signing in to the console with a token, and out. */
@Path("/console")
public class ConsoleSignIn {

    private final ConsoleSessions sessions;
    private final Template page;
    /** Whether single sign-on is set up (quarkus.oidc.tenant-enabled, off by default): the page offers it. */
    private final boolean sso;
    private final jakarta.enterprise.inject.Instance<io.quarkus.oidc.OidcSession> oidc;

    public ConsoleSignIn(ConsoleSessions sessions, @Location("console/sign-in.html") Template page,
                         @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.oidc.tenant-enabled",
                                 defaultValue = "false") boolean sso,
                         jakarta.enterprise.inject.Instance<io.quarkus.oidc.OidcSession> oidc) {
        this.oidc = oidc;
        this.sessions = sessions;
        this.page = page;
        this.sso = sso;
    }

    @GET
    public Response home(@Context UriInfo uri) {
        return Response.seeOther(URI.create(ConsoleAccess.base(uri) + "console/jobs")).build();
    }

    @GET
    @Path("sign-in")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance form(@Context UriInfo uri) {
        return page.data("base", ConsoleAccess.base(uri)).data("session", null).data("open", sessions.open())
                .data("refused", false).data("sso", sso);
    }

    @POST
    @Path("sign-in")
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        String base = ConsoleAccess.base(uri);
        Optional<Map.Entry<String, ConsoleSessions.Session>> s = sessions.signIn(token);
        if (s.isEmpty()) {
            return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.TEXT_HTML)
                    .entity(page.data("base", base).data("session", null).data("open", sessions.open()).data("refused", true)
                            .data("sso", sso).render()).build();
        }
        return Response.seeOther(URI.create(base + "console/jobs")).cookie(cookie(s.get().getKey(), base, headers, uri,
                (int) sessions.length().toSeconds())).build();
    }

    @POST
    @Path("sign-out")
    public Response signOut(@CookieParam(ConsoleSessions.COOKIE) String cookie, @FormParam("form") String form,
                            @Context UriInfo uri, @Context HttpHeaders headers,
                            @Context jakarta.ws.rs.container.ContainerRequestContext request) {
        ConsoleSessions.Session s = ConsoleAccess.session(request);
        if (s != null && !ConsoleSessions.formTokenMatches(s, form)) { // no other site signs anyone out
            throw new jakarta.ws.rs.ForbiddenException("the form's token is missing or stale: reload the page and try again");
        }
        sessions.signOut(cookie);
        if (sso && s != null && s.who() != null) { // a single sign-on's own session (Quarkus' cookie) ends too
            try {
                oidc.get().logout().await().atMost(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                org.jboss.logging.Logger.getLogger("io.roster.console").debugf("single sign-on session not ended: %s",
                        e.getMessage());
            }
        }
        String base = ConsoleAccess.base(uri);
        return Response.seeOther(URI.create(base + "console/sign-in")).cookie(cookie("", base, headers, uri, 0)).build();
    }

    /**
     * HttpOnly, SameSite=Strict, for the console's path; Secure when the browser came over HTTPS, served by Roster or
     * by a proxy that says so (X-Forwarded-Proto).
     */
    static NewCookie cookie(String value, String base, HttpHeaders headers, UriInfo uri, int maxAge) {
        boolean https = "https".equalsIgnoreCase(uri.getBaseUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
        return new NewCookie.Builder(ConsoleSessions.COOKIE).value(value).path(base + "console").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(https).maxAge(maxAge).build();
    }
}
