package io.roster.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How one target field gets its value. Written in a job file either as a plain format
 * ({@code firstName: "{firstname}"}) or as an object:
 * <pre>
 * title:
 *   when:                      # conditional values, first match wins
 *     - column: department
 *       equals: Engineering    # or  in: [a, b]  or  matches: "regex"
 *       value: Engineer
 *   value: "{title}"           # otherwise this format (one-to-one or computed)
 *   default: Staff             # used when the result is empty
 * </pre>
 */
public final class FieldRule {

    private final Template value;
    private final List<Condition> when;
    private final Template fallback;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FieldRule format(String format) {
        return new FieldRule(format, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public FieldRule(@JsonProperty("value") String value,
                     @JsonProperty("when") List<Condition> when,
                     @JsonProperty("default") String fallback) {
        this.value = value == null ? null : Template.of(value);
        this.when = when == null ? List.of() : List.copyOf(when);
        this.fallback = fallback == null ? null : Template.of(fallback);
    }

    public String apply(Map<String, String> row) {
        String result = "";
        boolean matched = false;
        for (Condition c : when) {
            if (c.matches(row)) {
                result = c.value(row);
                matched = true;
                break;
            }
        }
        if (!matched && value != null) {
            result = value.render(row);
        }
        if (result.isEmpty() && fallback != null) {
            result = fallback.render(row);
        }
        return result;
    }

    /** Every column this rule reads, for checking a mapping against the source's columns before mapping. */
    public List<String> columns() {
        List<String> all = new ArrayList<>();
        if (value != null) {
            all.addAll(value.columns());
        }
        if (fallback != null) {
            all.addAll(fallback.columns());
        }
        for (Condition c : when) {
            all.add(c.column());
            all.addAll(Template.of(c.value()).columns());
        }
        return all;
    }

    public String missingColumn(Set<String> available) {
        return columns().stream().filter(c -> !available.contains(c)).findFirst().orElse(null);
    }

    /** One branch of a conditional value; its pattern and value format are compiled once, not per record. */
    public static final class Condition {
        private final String column;
        private final String equals;
        private final List<String> in;
        private final Pattern matches;
        private final String value;
        private final Template format;

        @JsonCreator
        public Condition(@JsonProperty("column") String column,
                         @JsonProperty("equals") String equals,
                         @JsonProperty("in") List<String> in,
                         @JsonProperty("matches") String matches,
                         @JsonProperty("value") String value) {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("a 'when' condition needs a column");
            }
            if (equals == null && in == null && matches == null) {
                throw new IllegalArgumentException("the 'when' condition on column '" + column
                        + "' needs one of equals, in, matches");
            }
            this.column = column;
            this.equals = equals == null ? null : equals.strip();
            this.in = in == null ? null : in.stream().filter(Objects::nonNull).map(String::strip).toList();
            try {
                this.matches = matches == null ? null : Pattern.compile(matches);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the 'when' condition on column '" + column + "' has an invalid"
                        + " pattern '" + matches + "': " + e.getDescription());
            }
            this.value = value == null ? "" : value;
            this.format = Template.of(this.value);
        }

        public String column() {
            return column;
        }

        public String value() {
            return value;
        }

        boolean matches(Map<String, String> row) {
            String actual = row.get(column);
            actual = actual == null ? "" : actual.strip();
            if (equals != null) {
                return actual.equalsIgnoreCase(equals);
            }
            if (in != null) {
                for (String x : in) {
                    if (x.equalsIgnoreCase(actual)) {
                        return true;
                    }
                }
                return false;
            }
            return matches.matcher(actual).matches();
        }

        String value(Map<String, String> row) {
            return format.render(row);
        }
    }
}
