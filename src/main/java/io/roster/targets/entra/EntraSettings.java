package io.roster.targets.entra;

import io.roster.targets.http.TargetCallSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.Optional;

/**
 * The Entra ID tenant Roster writes to ({@code roster.entra.*}) through Microsoft Graph with an app registration's
 * client credentials (application permission {@code User.ReadWrite.All}, granted by an admin). The token URL and
 * the Graph URL are settings for national clouds (US Government, China).
 */
@ConfigMapping(prefix = "roster.entra")
public interface EntraSettings extends TargetCallSettings {

    /** The tenant: its id (a GUID) or a verified domain. */
    Optional<String> tenant();

    /** The app registration's application (client) id. */
    @WithName("client-id")
    Optional<String> clientId();

    /** The app registration's client secret. A secret: set it from the environment (ROSTER_ENTRA_CLIENT_SECRET). */
    @WithName("client-secret")
    Optional<String> clientSecret();

    /**
     * A PKCS#12 file with the app's certificate and its private key, instead of a client secret: each token request
     * carries a client assertion signed with the key (the certificate uploaded to the app registration).
     */
    Optional<String> certificate();

    /** The PKCS#12 file's password. A secret: set it from the environment (ROSTER_ENTRA_CERTIFICATE_PASSWORD). */
    @WithName("certificate-password")
    Optional<String> certificatePassword();

    /** The token endpoint; {tenant} is replaced by roster.entra.tenant. */
    @WithName("token-url")
    @WithDefault("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
    String tokenUrl();

    /** Microsoft Graph's root (https://graph.microsoft.us, https://microsoftgraph.chinacloudapi.cn for national clouds). */
    @WithName("graph-url")
    @WithDefault("https://graph.microsoft.com")
    String graphUrl();

    /**
     * Attributes cleared in one run (the source left them empty), as a count or a share of the people matched to
     * Entra users, past which every clearing waits for an admin (roster held …): a renamed or emptied column must not
     * blank everyone's signature. A job file's {@code holds: clear:} takes precedence.
     */
    @WithName("max-clears")
    @WithDefault("10%")
    @io.smallrye.config.WithConverter(io.roster.plan.CountOrShare.Setting.class)
    io.roster.plan.CountOrShare maxClears();

    /** $batch requests in flight at once (each of up to 20 users); Graph throttles per app and tenant, with Retry-After. */
    @WithDefault("4")
    int concurrency();

    /**
     * How long a value written through a door Entra shows only later (on-premises AD with Entra Connect, or inbound
     * provisioning) may take to show in Entra ID. Until then a run waits for it; past it, the value is sent again and
     * the run says so (Entra Connect syncs every 30 minutes by default; inbound provisioning about every 40).
     */
    @WithName("sync-wait")
    @WithDefault("2h")
    java.time.Duration syncWait();

    /** The scope asked for; by default the Graph URL's {@code /.default} (the app's granted application permissions). */
    Optional<String> scope();
}
