package io.roster.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value format in the User Sync Tool's style: literal text with {@code {column}} placeholders, e.g.
 * {@code "{firstname} {lastname}"}. Missing columns render as empty; a computed result has the ordinary spaces at its
 * ends trimmed (an empty part leaves none behind); a single column's value is rendered as it is.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private final String source;
    private final List<String> literals = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();
    /** The column when the format is just "{column}", the common case, rendered without copying; else null. */
    private final String only;

    private Template(String source) {
        this.source = source;
        Matcher m = PLACEHOLDER.matcher(source);
        int at = 0;
        while (m.find()) {
            literals.add(source.substring(at, m.start()));
            columns.add(m.group(1).strip());
            at = m.end();
        }
        literals.add(source.substring(at));
        only = columns.size() == 1 && literals.get(0).isEmpty() && literals.get(1).isEmpty() ? columns.get(0) : null;
    }

    public static Template of(String source) {
        return new Template(source == null ? "" : source);
    }

    public List<String> columns() {
        return columns;
    }

    public String render(Map<String, String> values) {
        if (only != null) {
            String v = values.get(only);
            return v == null ? "" : v; // one column as it is: trimming its value is a clean-up (CleanUp), the admin's call
        }
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (int i = 0; i < columns.size(); i++) {
            out.append(literals.get(i));
            String v = values.get(columns.get(i));
            if (v != null) {
                out.append(v);
            }
        }
        out.append(literals.get(literals.size() - 1));
        return trimSpaces(out.toString());
    }

    /** {@code s} without the ordinary spaces (U+0020) at its ends; the same string when there are none. */
    public static String trimSpaces(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    /** The first column this template names that the source does not offer, or null. */
    public String missingColumn(Set<String> available) {
        return columns.stream().filter(c -> !available.contains(c)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return source;
    }
}
