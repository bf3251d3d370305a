package io.roster.state;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {

    /** State rows written by earlier versions keep their hashes: the hash is still SHA-256 of the sorted JSON text. */
    @Test
    void theContentHashIsSha256OfTheSortedJsonTextAsStored() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("LastName", "O\"Neil");
        values.put("FirstName", "Zoë");
        values.put("Title", "Head of \\ R&D\n");
        values.put("Mobile", "\uD83D\uDCDE +1 555"); // outside the BMP: a surrogate pair in Java
        String text = "{\"FirstName\":\"Zoë\",\"LastName\":\"O\\\"Neil\",\"Mobile\":\"\uD83D\uDCDE +1 555\","
                + "\"Title\":\"Head of \\\\ R&D\\n\"}";

        assertEquals(text, Json.write(values));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, StoredValues.of(values).hash());
        assertEquals(expected, Json.hash(Json.write(values)));
    }

    /** The hand-written text is Jackson's, character for character, for any strings (as earlier versions stored). */
    @Test
    void writeIsJacksonsTextForAnyStrings() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        java.util.Random random = new java.util.Random(7);
        // every ASCII character, Latin-1, the BMP's edges, a surrogate pair, and a lone surrogate of each kind
        String pool = java.util.stream.IntStream.range(0, 0x80).mapToObj(c -> String.valueOf((char) c))
                .collect(java.util.stream.Collectors.joining()) + "éÿĀ€\u2028\uFFFF\uD83D\uDCDE\uD800\uDC00";
        for (int round = 0; round < 5_000; round++) {
            Map<String, String> values = new java.util.HashMap<>();
            int fields = random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                values.put(randomText(random, pool), random.nextInt(10) == 0 ? null : randomText(random, pool));
            }
            String expected = jackson.writeValueAsString(new java.util.TreeMap<>(values));
            assertEquals(expected, Json.write(values), "for " + values);
            assertEquals(Json.hash(expected), StoredValues.of(values).hash());
            assertEquals(Json.prefix(Json.hash(expected)), Json.prefix(Json.digest(values)), "the run index's 64 bits");
            assertEquals(new StoredValues(expected, Json.hash(expected)), StoredValues.of(values),
                    "what the planner keeps to be recorded");
        }
    }

    private static String randomText(java.util.Random random, String pool) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            s.append(pool.charAt(random.nextInt(pool.length())));
        }
        return s.toString();
    }
}
