package io.roster.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.roster.mapping.MappingSpec;
import io.roster.plan.ConflictPolicy;
import io.roster.plan.SignSyncRules;
import io.roster.source.csv.CsvFormatSpec;

/**
 * A job file ({@code config/jobs/<job>.yaml}): how the source is laid out, how its fields map, the Sign rules, and
 * who wins a conflict (a target value changed since Roster wrote it).
 * Read at the start of every run, so an edit applies to the next run.
 */
public record JobSpec(CsvFormatSpec source, MappingSpec mapping, SignSyncRules sign, ConflictPolicy conflicts) {

    public JobSpec(CsvFormatSpec source, MappingSpec mapping, SignSyncRules sign) {
        this(source, mapping, sign, null);
    }

    @JsonCreator
    public JobSpec(@JsonProperty("source") CsvFormatSpec source,
                   @JsonProperty("mapping") MappingSpec mapping,
                   @JsonProperty("sign") SignSyncRules sign,
                   @JsonProperty("conflicts") ConflictPolicy conflicts) {
        this.conflicts = conflicts == null ? ConflictPolicy.SOURCE_WINS : conflicts;
        this.source = source == null ? CsvFormatSpec.defaults() : source;
        this.mapping = mapping == null ? new MappingSpec(null) : mapping;
        this.sign = sign == null ? SignSyncRules.defaults() : sign;
    }
}
