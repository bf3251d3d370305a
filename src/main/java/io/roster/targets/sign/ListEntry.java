package io.roster.targets.sign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * One entry of a Sign list page ({@code userInfoList}, {@code groupInfoList}) as its scalar fields, read straight
 * off the parser: a 100,000-user account is read as 200,000 such entries, so no JSON tree is built for them.
 * Nested objects and arrays are skipped; JSON null reads as absent.
 */
public final class ListEntry {

    private String[] names = new String[10];
    private String[] values = new String[10];
    private int size;

    private ListEntry() {
    }

    /** Reads the object the parser is at (its START_OBJECT current) up to and including its END_OBJECT. */
    static ListEntry read(JsonParser p) throws IOException {
        ListEntry e = new ListEntry();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return e;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                e.put(name, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return e;
    }

    private void put(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size++] = value;
    }

    /** The field's value as text, or null when it is absent or null. */
    public String text(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    public String text(String name, String fallback) {
        String v = text(name);
        return v == null ? fallback : v;
    }

    /** True only for a JSON true (or the text "true"). */
    public boolean bool(String name) {
        return "true".equalsIgnoreCase(text(name));
    }
}
