package io.roster.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** String maps to and from the JSON text the state tables keep, sorted so equal maps hash equally. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() { };

    private Json() {
    }

    static String write(Map<String, String> values) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, String> read(String json) {
        try {
            return json == null ? Map.of() : MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable state value: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The content hash of a person's values, as the state store keeps it: SHA-256 of {@link #write}'s UTF-8 text
     * (written straight to bytes: it runs for every person of every run).
     */
    public static String contentHash(Map<String, String> values) {
        try {
            return HEX.formatHex(SHA256.get().digest(MAPPER.writeValueAsBytes(new TreeMap<>(values))));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String hash(String json) {
        return HEX.formatHex(SHA256.get().digest(json.getBytes(StandardCharsets.UTF_8)));
    }

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
