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
        String text = "{\"FirstName\":\"Zoë\",\"LastName\":\"O\\\"Neil\",\"Title\":\"Head of \\\\ R&D\\n\"}";

        assertEquals(text, Json.write(values));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, Json.contentHash(values));
        assertEquals(expected, Json.hash(Json.write(values)));
    }
}
