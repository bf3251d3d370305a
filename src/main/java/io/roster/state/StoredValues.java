package io.roster.state;

import java.util.Map;

/**
 * A person's values as the state store keeps them: the JSON text and its content hash. Made once, where the values
 * are first hashed (planning), so recording them later does not write and hash them again.
 */
public record StoredValues(String json, String hash) {

    public static StoredValues of(Map<String, String> values) {
        CharSequence text = Json.text(values);
        return new StoredValues(text.toString(), Json.hex(Json.digest(text)));
    }
}
