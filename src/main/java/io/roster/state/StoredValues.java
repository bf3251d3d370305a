package io.roster.state;

import java.util.Map;

/**
 * A person's values as the state store keeps them: the JSON text and its content hash. Made once, where the values
 * are first hashed (planning), so recording them later does not write and hash them again.
 */
public record StoredValues(String json, String hash) {

    public static StoredValues of(Map<String, String> values) {
        String json = Json.text(values).toString();
        return new StoredValues(json, Json.hex(Json.digest(json)));
    }
}
