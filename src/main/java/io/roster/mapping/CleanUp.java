package io.roster.mapping;

import io.roster.source.SourceRow;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clean-ups an admin allows on source values before they are checked and mapped ({@code roster.clean-up.*}):
 * trimming ordinary spaces at a value's ends (on by default), folding a line break inside a value into one space (off:
 * a line break is otherwise a reason to reject the record). Anything else wrong with a value is named, never mended.
 * Each clean-up is counted by column, for the run to report.
 */
public record CleanUp(boolean trimSpaces, boolean foldLineBreaks) {

    public static final CleanUp DEFAULT = new CleanUp(true, false);

    /** How many values of each column were cleaned, and how ("lastname: spaces trimmed" → 3). */
    public static final class Counts {
        private final Map<String, Integer> counts = new HashMap<>();

        void add(String column, String what) {
            counts.merge(column + ": " + what, 1, Integer::sum);
        }

        public Map<String, Integer> asMap() {
            return new TreeMap<>(counts);
        }
    }

    /** The row with its values cleaned as allowed; the same row when nothing needed it. */
    SourceRow apply(SourceRow row, Counts counts) {
        Map<String, String>[] cleaned = new Map[1];
        row.values().forEach((column, v) -> {
            String c = clean(column, v, counts);
            if (c != v) {
                if (cleaned[0] == null) {
                    cleaned[0] = new HashMap<>(row.values());
                }
                cleaned[0].put(column, c);
            }
        });
        return cleaned[0] == null ? row : new SourceRow(row.row(), row.line(), cleaned[0], row.name(), row.fault());
    }

    /** The value as cleaned; the same instance when nothing was done. */
    private String clean(String column, String v, Counts counts) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        String c = v;
        if (foldLineBreaks && (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0)) {
            c = c.replaceAll("[ \\t]*(\\r\\n|\\r|\\n)[ \\t]*", " ");
            counts.add(column, "line breaks folded");
        }
        if (trimSpaces && (c.charAt(0) == ' ' || c.charAt(c.length() - 1) == ' ')) {
            c = Template.trimSpaces(c);
            counts.add(column, "spaces trimmed");
        }
        return c;
    }
}
