package io.roster.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Target field name to the rule that fills it. {@code email} is required (it is how people are matched);
 * {@code groups} is split on commas into directory groups; every other field is passed to the targets as is.
 */
public record MappingSpec(Map<String, FieldRule> fields) {

    @com.fasterxml.jackson.annotation.JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MappingSpec of(Map<String, FieldRule> fields) {
        return new MappingSpec(fields);
    }

    public static final String EMAIL = "email";
    public static final String GROUPS = "groups";

    public MappingSpec {
        fields = fields == null || fields.isEmpty() ? ustDefaults() : new LinkedHashMap<>(fields);
        if (!fields.containsKey(EMAIL)) {
            throw new IllegalArgumentException("the mapping has no rule for 'email': people are matched by email, so it is required");
        }
    }

    /** The User Sync Tool's CSV columns mapped one-to-one. */
    public static Map<String, FieldRule> ustDefaults() {
        Map<String, FieldRule> m = new LinkedHashMap<>();
        m.put(EMAIL, FieldRule.format("{email}"));
        m.put("firstName", FieldRule.format("{firstname}"));
        m.put("lastName", FieldRule.format("{lastname}"));
        m.put("country", FieldRule.format("{country}"));
        m.put(GROUPS, FieldRule.format("{groups}"));
        return m;
    }

    /** Every source column the rules read, in the order the rules name them. */
    public List<String> columns() {
        Set<String> cols = new LinkedHashSet<>();
        fields.values().forEach(rule -> cols.addAll(rule.columns()));
        return List.copyOf(cols);
    }

    /** Fails with a message naming the field and the column when a rule reads a column the source lacks. */
    public void checkColumns(Set<String> available, String origin) {
        fields.forEach((field, rule) -> {
            String missing = rule.missingColumn(available);
            if (missing != null) {
                throw new IllegalArgumentException("mapping for '" + field + "' reads column '" + missing + "', which "
                        + origin + " does not have; its columns are " + available);
            }
        });
    }
}
