package io.roster.targets.signature365;

import io.roster.config.JobConfigException;
import io.roster.mapping.MappingSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The field tokens Signature 365 accepts: its standard ones and the custom ones the admin declared
 * ({@code roster.signature365.custom-fields}, the incumbent's "Custom Fields" registry value). A job may map only to
 * these, and must map {@code email}: that is how records are matched to Signature 365 users.
 */
public final class Signature365Fields {

    private final Set<String> standard;
    private final Set<String> custom;

    public Signature365Fields(List<String> standard, List<String> custom) {
        this.standard = new LinkedHashSet<>(standard.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        this.custom = new LinkedHashSet<>(custom.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Fails naming the first target field that is no declared token. */
    public void check(String job, MappingSpec mapping) {
        if (!mapping.fields().containsKey(MappingSpec.EMAIL)) {
            throw new JobConfigException("job " + job + ": the mapping has no rule for 'email': Signature 365 matches"
                    + " records to users by email, so it is required");
        }
        for (String field : mapping.fields().keySet()) {
            if (field.equals(MappingSpec.EMAIL) || standard.contains(field) || custom.contains(field)) {
                continue;
            }
            String near = nearMiss(field);
            throw new JobConfigException("job " + job + ": mapping to '" + field + "', which is not a Signature 365 field token"
                    + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + ". Standard tokens: " + String.join(", ", standard) + ". Custom tokens must be declared in"
                    + " roster.signature365.custom-fields" + (custom.isEmpty() ? " (none are)" : " (declared: "
                    + String.join(", ", custom) + ")"));
        }
    }

    private String nearMiss(String field) {
        for (String t : standard) {
            if (t.equalsIgnoreCase(field)) {
                return t;
            }
        }
        for (String t : custom) {
            if (t.equalsIgnoreCase(field)) {
                return t;
            }
        }
        return null;
    }
}
