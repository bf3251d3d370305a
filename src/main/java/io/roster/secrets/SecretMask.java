package io.roster.secrets;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking policy for every text Roster stores or shows — log, summary line, report, run history, dead letters,
 * API, health — including text that came back from a target or a driver (a gateway that echoes the Authorization
 * header, a driver that quotes its URL). Secrets are masked by value: every configured setting whose name says it is
 * a secret (password, secret, token, integration key, …) and every value {@link #add added} at run time, in the forms
 * an echo may take (as is, URL-encoded, JSON-escaped). Credentials in header or parameter form ("Bearer …",
 * "password=…") are masked whatever their value, for tokens Roster never configured.
 */
public final class SecretMask {

    public static final String MASK = "****";

    /**
     * The last part of a setting's name (lower case, separators as '-') when it holds a secret: {@code
     * roster.directories.corp.password}, {@code ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY} — but not {@code
     * roster.directories.old-password.url}, whose name only mentions one.
     */
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "(.*-)?(password|passwd|passphrase|secret|token|integration-key|api-key|apikey|access-key|private-key"
                    + "|encryption-key|credentials?)");
    /**
     * A record field's or column's name that mentions a secret anywhere (userPassword, sessionToken, api_key): its value
     * is masked whole. Broader than {@link #SECRET_SETTING}, as a wrong guess costs only that one value, where a setting
     * taken for a secret has its value masked in every text.
     */
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(pass|secret|token|key|credential).*");
    /** Shorter values (and flags) are too common to mask wherever they appear; no real secret is this short. */
    private static final int SHORTEST = 4;
    private static final Set<String> NOT_SECRETS = Set.of("true", "false", "none", "null", "bearer", "basic");
    private static final String NAMES = "(?:password|passwd|pwd|secret|client_secret|access_token|refresh_token"
            + "|api[_-]?key|integration[_-]?key)";
    /**
     * Credentials in the forms an echo takes, whatever their value: {@code Bearer …} / {@code Basic …}; {@code name=…}
     * (query strings, JDBC URLs); {@code "name":"…"} (JSON, also inside a JSON string); {@code X-Api-Key: …} (headers,
     * compound names only — "no secret: this run …" is prose, not a credential).
     */
    private static final Pattern CREDENTIAL_IN_TEXT = Pattern.compile(
            "(?i)(\\b(?:bearer|basic)\\s+)(?=[A-Za-z._~+/=-]*\\d)[A-Za-z0-9._~+/=-]{8,}"
                    + "|(\\b" + NAMES + "\\s*=\\s*[\"']?)[^\\s\"'\\\\,;&}]+"
                    + "|(\\\\?\"" + NAMES + "\\\\?\"\\s*:\\s*\\\\?\")[^\"\\\\]+"
                    + "|(\\b(?:[\\w-]*-)?(?:api[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token|client[_-]?secret"
                    + "|integration[_-]?key)\\s*:\\s*)[^\\s\"'\\\\,;&}]+");

    private static final Set<String> added = ConcurrentHashMap.newKeySet();
    private static volatile Forms forms = new Forms(null, List.of());

    private SecretMask() {
    }

    /** The secret values' forms, longest first so a longer secret is masked before a shorter one inside it. */
    private record Forms(Config config, List<String> values) {
    }

    /** The text with every secret masked; null stays null. */
    public static String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : current()) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return CREDENTIAL_IN_TEXT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(kept(m) + MASK));
    }

    /** What a credential match keeps: its name and separator, the part before the value. */
    private static String kept(MatchResult m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return "";
    }

    /** Whether the text holds a secret this policy would mask. */
    public static boolean reveals(String text) {
        return text != null && !apply(text).equals(text);
    }

    /** A secret learned at run time (e.g. a token a target issued), masked from now on. */
    public static void add(String secret) {
        if (secret != null && secret.strip().length() >= SHORTEST) {
            added.add(secret.strip());
            forms = new Forms(null, List.of());
        }
    }

    private static List<String> current() {
        Config config = config();
        Forms f = forms;
        if (f.config() != config || f.config() == null) {
            f = new Forms(config, forms(config));
            forms = f;
        }
        return f.values();
    }

    private static Config config() {
        try {
            return ConfigProvider.getConfig();
        } catch (RuntimeException | LinkageError e) {
            return null; // before the application has configuration (unit tests): only added secrets
        }
    }

    private static List<String> forms(Config config) {
        Set<String> values = new LinkedHashSet<>(added);
        if (config != null) {
            for (String name : config.getPropertyNames()) {
                if (isSecretSetting(name)) {
                    Optional<String> v;
                    try {
                        v = config.getOptionalValue(name, String.class);
                    } catch (RuntimeException e) {
                        continue; // an expression that cannot be expanded is no value to mask
                    }
                    v.map(String::strip).filter(s -> s.length() >= SHORTEST && !NOT_SECRETS.contains(s.toLowerCase(Locale.ROOT)))
                            .ifPresent(values::add);
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            out.add(v);
            out.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
            out.add(jsonEscaped(v));
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(sorted);
    }

    /** Whether a field or column of this name holds a secret, so that its value is shown only as {@link #MASK}. */
    public static boolean isSecretName(String name) {
        return SECRET_FIELD.matcher(name).matches() || isSecretSetting(name);
    }

    /** A named value as stored or shown: masked whole when the name is a secret's, else where it holds a secret. */
    public static String maskField(String name, String value) {
        return isSecretName(name) ? MASK : apply(value);
    }

    static boolean isSecretSetting(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        return SECRET_SETTING.matcher(last.toLowerCase(Locale.ROOT).replace('_', '-')).matches();
    }

    private static String jsonEscaped(String v) {
        StringBuilder b = new StringBuilder(v.length() + 8);
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '/' -> b.append("\\/");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Each value masked (names are Roster's own and kept). */
    public static Map<String, String> apply(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, apply(v)));
        return out;
    }
}
