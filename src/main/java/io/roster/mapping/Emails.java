package io.roster.mapping;

import java.util.Locale;

/**
 * The one place that decides what an email is: trimmed, Unicode NFC, and compared without regard to case.
 * Both the source and every target key people by {@link #key(String)}.
 */
public final class Emails {

    // Deliberately plain: one @, no spaces, a dot in the domain. Targets do their own stricter checks.
    // What isValid checks, by hand: it runs once per person per run.
    //   ^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$

    private Emails() {
    }

    /** The address as it should be written to a target: trimmed and NFC-normalised, case kept. */
    public static String clean(String raw) {
        return raw == null ? "" : Nfc.of(raw.strip());
    }

    /** The key that identifies a person everywhere: the cleaned address in lower case. */
    public static String key(String raw) {
        return clean(raw).toLowerCase(Locale.ROOT);
    }

    /** The key of an address that {@link #clean} has already cleaned: the same as {@code key(raw)}, without cleaning again. */
    public static String keyOfClean(String cleaned) {
        return cleaned.toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String cleaned) {
        int at = cleaned.indexOf('@');
        if (at <= 0 || cleaned.indexOf('@', at + 1) >= 0) {
            return false;
        }
        int labels = 0;
        int labelLength = 0;
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                return false; // \s: ASCII whitespace only, as in the pattern
            }
            if (i <= at) {
                continue;
            }
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labels++;
                labelLength = 0;
            } else {
                labelLength++;
            }
        }
        return labels >= 1 && labelLength > 0;
    }
}
