package io.roster.console;

import io.roster.config.RosterConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is signed in to the admin console. An admin signs in with the API's token ({@code roster.api.token}); a
 * read-only viewer with {@code roster.console.read-only-token}. A sign-in gets a random session id (the cookie) and a
 * random form token that every form posts back (CSRF); neither is derived from the tokens, and the tokens are never
 * kept, shown or logged. Sessions live in memory for {@code roster.console.session-length}.
 */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class ConsoleSessions {

    /** What a signed-in person may do. */
    public enum Role {
        /** Sees everything the console shows. */
        READ_ONLY,
        /** Also runs jobs, approves and rejects, retries and discards. */
        ADMIN
    }

    /**
     * A signed-in session: its role, the token its forms carry, when it ends, and who signed in (the single sign-on
     * name; null for a token, which names nobody).
     */
    public record Session(Role role, String formToken, Instant until, String who) {
        public boolean admin() {
            return role == Role.ADMIN;
        }

        /** What runs and decisions started in this session record as their starter. */
        public String by() {
            return who == null ? "console" : "console (" + who + ")";
        }
    }

    public static final String COOKIE = "roster_console";

    private final Optional<byte[]> admin;
    private final Optional<byte[]> readOnly;
    private final Duration length;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public ConsoleSessions(RosterConfig config) {
        this(config.api().token(), config.console().readOnlyToken(), config.console().sessionLength(), Clock.systemUTC());
    }

    ConsoleSessions(Optional<String> adminToken, Optional<String> readOnlyToken, Duration length, Clock clock) {
        this.admin = adminToken.map(String::strip).filter(s -> !s.isEmpty()).map(ConsoleSessions::digest);
        readOnlyToken.map(String::strip).filter(s -> !s.isEmpty() && s.length() < 32).ifPresent(s -> {
            throw new IllegalStateException("roster.console.read-only-token (ROSTER_CONSOLE_READ_ONLY_TOKEN) is "
                    + s.length() + " characters long; it must be at least 32 (e.g. the output of openssl rand -base64 32)");
        });
        this.readOnly = readOnlyToken.map(String::strip).filter(s -> !s.isEmpty()).map(ConsoleSessions::digest);
        this.length = length;
        this.clock = clock;
    }

    /** Whether anyone can sign in (a token is configured). */
    public boolean open() {
        return admin.isPresent() || readOnly.isPresent();
    }

    /** A new session for a token that is one of the console's, or empty; the comparison takes the same time. */
    public Optional<Map.Entry<String, Session>> signIn(String token) {
        byte[] given = digest(token == null ? "" : token.strip());
        Role role = admin.filter(a -> MessageDigest.isEqual(a, given)).map(a -> Role.ADMIN)
                .orElseGet(() -> readOnly.filter(r -> MessageDigest.isEqual(r, given)).map(r -> Role.READ_ONLY)
                        .orElse(null));
        return role == null ? Optional.empty() : Optional.of(open(role, null));
    }

    /** A new session for someone single sign-on has vouched for, in the role their roles give. */
    public Map.Entry<String, Session> open(Role role, String who) {
        String id = randomText();
        // a name is kept short enough for the columns that record who started a run or decided a change
        String name = who == null ? null : who.length() > 150 ? who.substring(0, 149) + "…" : who;
        Session s = new Session(role, randomText(), clock.instant().plus(length), name);
        sessions.put(id, s);
        sessions.entrySet().removeIf(e -> e.getValue().until().isBefore(clock.instant())); // the expired go
        return Map.entry(id, s);
    }

    /** The live session of a cookie, if any. */
    public Optional<Session> of(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        Session s = sessions.get(cookie);
        if (s == null || s.until().isBefore(clock.instant())) {
            sessions.remove(cookie);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public void signOut(String cookie) {
        if (cookie != null) {
            sessions.remove(cookie);
        }
    }

    /** Whether a form's token is its session's (constant time). */
    public static boolean formTokenMatches(Session s, String posted) {
        return posted != null && MessageDigest.isEqual(s.formToken().getBytes(StandardCharsets.UTF_8),
                posted.getBytes(StandardCharsets.UTF_8));
    }

    public Duration length() {
        return length;
    }

    private String randomText() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
