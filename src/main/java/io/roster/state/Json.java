package io.roster.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** String maps to and from the JSON text the state tables keep, sorted so equal maps hash equally. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper(); // reads only: write() writes by hand
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() { };

    private Json() {
    }

    /**
     * The map as JSON text, keys sorted: exactly what Jackson writes for a sorted map of strings (stored hashes depend
     * on it, and a test holds the two to the same text), written by hand because it runs several times per person.
     */
    static String write(Map<String, String> values) {
        return append(new StringBuilder(16 + 32 * values.size()), values).toString();
    }

    private static StringBuilder append(StringBuilder out, Map<String, String> values) {
        String[] keys = values.keySet().toArray(String[]::new);
        Arrays.sort(keys);
        out.append('{');
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, keys[i]);
            out.append(':');
            String v = values.get(keys[i]);
            if (v == null) {
                out.append("null");
            } else {
                quote(out, v);
            }
        }
        return out.append('}');
    }

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson escapes it: quote, backslash and control characters; everything else as it is. */
    private static void quote(StringBuilder out, String s) {
        out.append('"');
        int plain = 0;
        while (plain < s.length() && !escaped(s.charAt(plain))) {
            plain++;
        }
        if (plain == s.length()) { // the usual value: appended whole, not char by char
            out.append(s).append('"');
            return;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\b' -> out.append("\\b");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\f' -> out.append("\\f");
                    case '\r' -> out.append("\\r");
                    default -> out.append("\\u00").append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xF]);
                }
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static boolean escaped(char c) {
        return c == '"' || c == '\\' || c < 0x20;
    }

    static Map<String, String> read(String json) {
        try {
            return json == null ? Map.of() : MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable state value: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The content hash as bytes, as the state store keeps it in hex ({@link StoredValues}): SHA-256 of {@link #write}'s
     * UTF-8 text. It runs for every person of every run, so the digest is kept per thread.
     */
    public static byte[] digest(Map<String, String> values) {
        return digest(text(values));
    }

    /** The map's JSON text, built in this thread's buffer: valid until the thread's next call. */
    public static CharSequence text(Map<String, String> values) {
        StringBuilder text = TEXT.get();
        text.setLength(0);
        return append(text, values);
    }

    /** The content hash of JSON text, as {@link #digest(Map)} computes it. */
    public static byte[] digest(CharSequence text) {
        return SHA256.get().digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** A content hash's first 64 bits, from its bytes. */
    public static long prefix(byte[] digest) {
        long p = 0;
        for (int i = 0; i < 8; i++) {
            p = (p << 8) | (digest[i] & 0xff);
        }
        return p;
    }

    /** A content hash's first 64 bits, from its text; a malformed one reads as -1, so it matches no real hash. */
    public static long prefix(String contentHash) {
        try {
            return contentHash != null && contentHash.length() >= 16 ? Long.parseUnsignedLong(contentHash, 0, 16, 16) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String hash(String json) {
        return HEX.formatHex(SHA256.get().digest(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static final ThreadLocal<StringBuilder> TEXT = ThreadLocal.withInitial(() -> new StringBuilder(512));
    private static final HexFormat HEX = HexFormat.of();
    /** A digest per thread: looking one up from the security providers costs more than hashing a person. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
