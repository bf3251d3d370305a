package io.roster.targets.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.targets.http.HttpRetries;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An access token for Microsoft Graph by the OAuth 2.0 client credentials grant (a secret, or a certificate's signed
 * assertion): asked for once, kept until shortly before it expires, asked for again when Graph says it has expired.
 * The credential goes only into the token request's form; no message carries it or the token.
 */
public final class GraphToken {

    /** A token is renewed this long before Microsoft says it expires, so no request carries one that lapses on the way. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final URI tokenUrl;
    private final String clientId;
    private final ClientCredential credential;
    private final String scope;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private volatile HttpRetries retries;
    private String token;
    private Instant renewAt = Instant.MIN;

    public GraphToken(String tokenUrl, String clientId, String clientSecret, String scope, HttpClient http,
                      Duration timeout, Clock clock) {
        this(tokenUrl, clientId, ClientCredential.secret(clientSecret), scope, http, timeout, clock);
    }

    public GraphToken(String tokenUrl, String clientId, ClientCredential credential, String scope, HttpClient http,
                      Duration timeout, Clock clock) {
        this.tokenUrl = URI.create(tokenUrl);
        this.clientId = clientId;
        this.credential = credential;
        this.scope = scope;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Token requests go through the target's shared retry loop (429/5xx, dropped connections); without it, once. */
    public GraphToken retriedBy(HttpRetries loop) {
        this.retries = loop;
        return this;
    }

    /** A token that is still good: the one kept, or a new one. */
    public synchronized String get() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** Graph refused {@code refused} as expired: the next {@link #get} asks for a new one (once per token). */
    public synchronized void expired(String refused) {
        if (refused.equals(token)) {
            token = null;
        }
    }

    private void fetch() {
        HttpResponse<String> response = post();
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            body = json.createObjectNode();
        }
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            throw new EntraException("Entra ID's token endpoint " + tokenUrl + " answered HTTP " + response.statusCode()
                    + " (" + body.path("error").asText("no error code") + "); the run is tried again at its next cycle",
                    false);
        }
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new EntraException("Entra ID refused the client credentials (HTTP " + response.statusCode() + ", "
                    + body.path("error").asText("no error code") + ": " + firstLine(body.path("error_description")
                    .asText("")) + "); check roster.entra.tenant, client-id and client-secret (or certificate)", true);
        }
        token = body.get("access_token").asText();
        long seconds = body.path("expires_in").asLong(3599);
        renewAt = clock.instant().plusSeconds(seconds).minus(MARGIN.compareTo(Duration.ofSeconds(seconds / 2)) > 0
                ? Duration.ofSeconds(seconds / 2) : MARGIN);
    }

    /**
     * The token request, each attempt with a fresh form (a certificate's assertion is good once); through the shared
     * retry loop when there is one: 429, 503 and 504 wait their Retry-After, other 5xx and dropped connections back off.
     */
    private HttpResponse<String> post() {
        HttpRetries.Exchange<String> exchange = () -> http.send(HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + enc(clientId)
                        + "&" + credential.form(clientId, tokenUrl.toString()) + "&scope=" + enc(scope)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (retries == null) {
            try {
                return exchange.send();
            } catch (IOException e) {
                throw new EntraException("Entra ID's token endpoint " + tokenUrl + " could not be reached: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EntraException("interrupted while asking Entra ID for a token", e);
            }
        }
        return retries.call(() -> retries.send(exchange, e -> new EntraException("interrupted while asking Entra ID"
                + " for a token", e)), r -> {
                    int status = r.statusCode();
                    if (status == 429 || status == 503 || status == 504) {
                        return HttpRetries.Verdict.throttled(HttpRetries.retryAfter(r), "token endpoint");
                    }
                    return status >= 500 ? HttpRetries.Verdict.failed("the token endpoint answered HTTP " + status)
                            : HttpRetries.Verdict.done(r);
                }, new GraphClient.Failures());
    }

    /** AADSTS descriptions carry trace and correlation ids on later lines: the first says what is wrong. */
    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
