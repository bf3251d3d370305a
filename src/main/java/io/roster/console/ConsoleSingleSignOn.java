package io.roster.console;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.roster.config.RosterConfig;
import io.roster.secrets.SecretMask;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Single sign-on to the console with OpenID Connect, when an admin sets it up ({@code quarkus.oidc.*}, off by
 * default): Quarkus runs the authorization code flow with the provider (Entra ID, Keycloak, Okta, …) before this page
 * is reached; here the person's roles decide admin ({@code roster.console.sso.admin-role}) or viewer
 * ({@code roster.console.sso.viewer-role}), and they get a console session as a token sign-in does, named for them.
 */
@Path("/console/sso")
public class ConsoleSingleSignOn {

    private static final Logger LOG = Logger.getLogger("io.roster.console");

    private final SecurityIdentity identity;
    private final ConsoleSessions sessions;
    private final RosterConfig.Console.Sso roles;
    private final io.quarkus.qute.Template page;

    public ConsoleSingleSignOn(SecurityIdentity identity, ConsoleSessions sessions, RosterConfig config,
                               @io.quarkus.qute.Location("console/sso.html") io.quarkus.qute.Template page) {
        this.identity = identity;
        this.sessions = sessions;
        this.roles = config.console().sso();
        this.page = page;
    }

    @GET
    @Authenticated
    public Response signIn(@Context UriInfo uri, @Context HttpHeaders headers) {
        String who = identity.getPrincipal().getName();
        ConsoleSessions.Role role = identity.hasRole(roles.adminRole()) ? ConsoleSessions.Role.ADMIN
                : identity.hasRole(roles.viewerRole()) ? ConsoleSessions.Role.READ_ONLY : null;
        if (role == null) {
            LOG.warnf("console single sign-on refused %s: neither role %s nor %s", SecretMask.apply(who),
                    roles.adminRole(), roles.viewerRole());
            throw new ForbiddenException(who + " has signed in, but has neither the role " + roles.adminRole()
                    + " (admin) nor " + roles.viewerRole() + " (read-only) that Roster's console asks for");
        }
        Map.Entry<String, ConsoleSessions.Session> s = sessions.open(role, who);
        LOG.infof("console: %s signed in with single sign-on as %s", SecretMask.apply(who),
                role == ConsoleSessions.Role.ADMIN ? "admin" : "read-only");
        // A page of Roster's own, not a redirect: this request ends a chain of redirects the provider's site began,
        // and a browser sends no SameSite=Strict cookie on such a chain; the page's own step to the jobs does
        String base = ConsoleAccess.base(uri);
        return Response.ok(page.data("base", base).data("session", null).data("who", who).render(),
                        jakarta.ws.rs.core.MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cookie(ConsoleSignIn.cookie(s.getKey(), base, headers, uri, (int) sessions.length().toSeconds()))
                .build();
    }
}
