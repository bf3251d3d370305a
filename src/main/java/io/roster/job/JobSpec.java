package io.roster.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.roster.mapping.MappingSpec;
import io.roster.plan.ConflictPolicy;
import io.roster.plan.EntraRules;
import io.roster.plan.HoldRules;
import io.roster.plan.SignSyncRules;
import io.roster.plan.Signature365Rules;
import io.roster.source.csv.CsvFormatSpec;
import io.roster.source.ldap.LdapSourceSpec;
import io.roster.source.sql.SqlSourceSpec;

/**
 * A job file ({@code config/jobs/<job>.yaml}): where people come from (a CSV layout in {@code source:}, a SQL
 * source in {@code sql:}, or a directory in {@code ldap:}), how their fields map, the target's rules ({@code sign:}, {@code signature365:} or {@code entra:}), and
 * who wins a conflict (a target value changed since Roster wrote it), and which risky changes wait for an admin
 * ({@code holds:}). A Signature 365 job has a {@code signature365:}
 * section (it may be empty), which is how start-up knows to check its field tokens.
 * Read at the start of every run, so an edit applies to the next run.
 */
public record JobSpec(CsvFormatSpec source, SqlSourceSpec sql, LdapSourceSpec ldap, MappingSpec mapping,
                      SignSyncRules sign, Signature365Rules signature365, ConflictPolicy conflicts, HoldRules holds,
                      EntraRules entra) {

    public JobSpec(CsvFormatSpec source, MappingSpec mapping, SignSyncRules sign) {
        this(source, null, null, mapping, sign, null, null, null, null);
    }

    @JsonCreator
    public JobSpec(@JsonProperty("source") CsvFormatSpec source,
                   @JsonProperty("sql") SqlSourceSpec sql,
                   @JsonProperty("ldap") LdapSourceSpec ldap,
                   @JsonProperty("mapping") MappingSpec mapping,
                   @JsonProperty("sign") SignSyncRules sign,
                   @JsonProperty("signature365") Signature365Rules signature365,
                   @JsonProperty("conflicts") ConflictPolicy conflicts,
                   @JsonProperty("holds") HoldRules holds,
                   @JsonProperty("entra") EntraRules entra) {
        this.conflicts = conflicts == null ? ConflictPolicy.SOURCE_WINS : conflicts;
        this.source = source == null ? CsvFormatSpec.defaults() : source;
        this.sql = sql;
        this.ldap = ldap;
        this.mapping = mapping == null ? new MappingSpec(null) : mapping;
        this.sign = sign == null ? SignSyncRules.defaults() : sign;
        this.signature365 = signature365;
        this.holds = holds == null ? HoldRules.NONE : holds;
        this.entra = entra == null ? EntraRules.defaults() : entra;
    }

    /** Where the job's people come from, as a line for an admin: "SQL datasource hr", "directory corp" or "CSV file". */
    public String sourceName() {
        return sql != null ? "SQL datasource " + sql.datasource() : ldap != null ? "directory " + ldap.directory()
                : "CSV file";
    }
}
