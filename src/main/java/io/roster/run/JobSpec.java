package io.roster.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.roster.mapping.MappingSpec;
import io.roster.plan.SignSyncRules;
import io.roster.source.csv.CsvFormatSpec;

/**
 * A job file ({@code config/jobs/<job>.yaml}): how the source is laid out, how its fields map, and the Sign rules.
 * Read at the start of every run, so an edit applies to the next run.
 */
public record JobSpec(CsvFormatSpec source, MappingSpec mapping, SignSyncRules sign) {

    @JsonCreator
    public JobSpec(@JsonProperty("source") CsvFormatSpec source,
                   @JsonProperty("mapping") MappingSpec mapping,
                   @JsonProperty("sign") SignSyncRules sign) {
        this.source = source == null ? CsvFormatSpec.defaults() : source;
        this.mapping = mapping == null ? new MappingSpec(null) : mapping;
        this.sign = sign == null ? SignSyncRules.defaults() : sign;
    }
}
