package io.roster.mapping;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place that decides what an email is: trimmed, Unicode NFC, and compared without regard to case.
 * Both the source and every target key people by {@link #key(String)}.
 */
public final class Emails {

    // Deliberately plain: one @, no spaces, a dot in the domain. Targets do their own stricter checks.
    private static final Pattern VALID = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private Emails() {
    }

    /** The address as it should be written to a target: trimmed and NFC-normalised, case kept. */
    public static String clean(String raw) {
        return raw == null ? "" : Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    }

    /** The key that identifies a person everywhere: the cleaned address in lower case. */
    public static String key(String raw) {
        return clean(raw).toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String cleaned) {
        return VALID.matcher(cleaned).matches();
    }
}
