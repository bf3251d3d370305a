package io.roster.mapping;

import java.util.Locale;

/**
 * The one place that decides what an email is: trimmed, Unicode NFC, and compared without regard to case.
 * Both the source and every target key people by {@link #key(String)}.
 */
public final class Emails {

    private Emails() {
    }

    /**
     * The address as it should be written to a target: ordinary spaces at its ends trimmed, NFC-normalised, case kept.
     * Any other character at its ends (a tab, a no-break space, a control byte) stays, for {@link #problem} to name.
     */
    public static String clean(String raw) {
        return raw == null ? "" : Nfc.of(Template.trimSpaces(raw));
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
        return problem(cleaned) == null;
    }

    /** Longest address (RFC 5321's path limit less its brackets) and local part that mail systems and Sign accept. */
    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL_LENGTH = 64;
    static final int MAX_LABEL_LENGTH = 63;

    /**
     * Why a cleaned address cannot be one person's address, or null when it can: one {@code @}; no space of any kind
     * (a no-break space copied from a web page included), no control, zero-width, bidirectional or other invisible
     * formatting character, no full-width form (an {@code ＠} or {@code ．} typed in an East Asian input mode); no
     * empty, leading, trailing or doubled dot; a domain of two or more labels that neither start nor end with a hyphen;
     * within the length limits. Letters beyond ASCII (internationalised addresses) are allowed. Runs once per person.
     */
    public static String problem(String cleaned) {
        if (cleaned.length() > MAX_LENGTH) {
            return "is " + cleaned.length() + " characters long; an address has at most " + MAX_LENGTH;
        }
        int at = cleaned.indexOf('@');
        if (at < 0) {
            return "has no @";
        }
        if (cleaned.indexOf('@', at + 1) >= 0) {
            return "has more than one @ (one address per field)";
        }
        if (at == 0) {
            return "has nothing before the @";
        }
        if (at > MAX_LOCAL_LENGTH) {
            return "has " + at + " characters before the @; at most " + MAX_LOCAL_LENGTH + " are allowed";
        }
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            String wrong = invisibleOrWide(c);
            if (wrong != null) {
                return "contains " + wrong + " (U+" + String.format("%04X", (int) c) + ") at character " + (i + 1);
            }
        }
        String local = cleaned.substring(0, at);
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "has a leading, trailing or doubled dot before the @";
        }
        if (local.indexOf('"') >= 0) {
            return "has a quoted part before the @, which Roster does not accept";
        }
        String domain = cleaned.substring(at + 1);
        if (domain.isEmpty()) {
            return "has nothing after the @";
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return "has no dot in its domain '" + domain + "'";
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return "has a leading, trailing or doubled dot in its domain '" + domain + "'";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "has a domain label that starts or ends with a hyphen ('" + label + "')";
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                return "has a domain label longer than " + MAX_LABEL_LENGTH + " characters";
            }
        }
        return null;
    }

    /** What kind of character {@code c} is when it has no place in an address, or null. */
    private static String invisibleOrWide(char c) {
        if (c < 0x80) {
            if (c <= ' ' || c == 0x7F) {
                return c == ' ' ? "a space" : "a control character";
            }
            return null;
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return "a space character";
        }
        if (c >= '\uFF01' && c <= '\uFF5E' || c == '\u3002') {
            return "a full-width character";
        }
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED -> {
                // FORMAT: zero-width spaces and joiners, bidirectional marks and overrides, soft hyphens, BOMs
                return Character.getType(c) == Character.FORMAT ? "an invisible formatting character" : "a control or unassigned character";
            }
            default -> {
                return null;
            }
        }
    }
}
