package io.roster.source.ldap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ldap:} section of a job file: which directory to read, where, and how group membership is found.
 * <pre>
 * ldap:
 *   directory: corp                       # roster.directories.corp.*
 *   base_dn: OU=Staff,DC=corp,DC=example
 *   user_filter: (&amp;(objectClass=user)…)  # default: AD people whose account is not disabled
 *   groups:
 *     membership: member_of               # member_of (the users' memberOf) | member (each group's member attribute)
 *     nested: direct                      # direct | expand (any directory) | in_chain (AD's matching rule)
 *   incremental:
 *     enabled: true                       # read only entries changed since the last clean run …
 *     full_read_every: 24h                # … with a full read this often, so people who left are seen
 * </pre>
 */
public record LdapSourceSpec(String directory, String baseDn, String scope, String userFilter, List<String> attributes,
                             Groups groups, Incremental incremental) {

    /** The User Sync Tool's default: people, not computers, whose AD account is not disabled (UF_ACCOUNTDISABLE). */
    public static final String AD_ACTIVE_USERS =
            "(&(objectClass=user)(objectCategory=person)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))";

    @JsonCreator
    public LdapSourceSpec(@JsonProperty("directory") String directory,
                          @JsonProperty("base_dn") String baseDn,
                          @JsonProperty("scope") String scope,
                          @JsonProperty("user_filter") String userFilter,
                          @JsonProperty("attributes") List<String> attributes,
                          @JsonProperty("groups") Groups groups,
                          @JsonProperty("incremental") Incremental incremental) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("ldap.directory is required: the name of a directory configured as roster.directories.<name>.url");
        }
        if (baseDn == null || baseDn.isBlank()) {
            throw new IllegalArgumentException("ldap.base_dn is required: where the people are, e.g. OU=Staff,DC=corp,DC=example");
        }
        String sc = scope == null ? "sub" : scope.strip().toLowerCase(Locale.ROOT);
        if (!sc.equals("sub") && !sc.equals("one")) {
            throw new IllegalArgumentException("ldap.scope is '" + scope + "': use sub (the whole subtree) or one (this level only)");
        }
        this.directory = directory.strip();
        this.baseDn = baseDn.strip();
        this.scope = sc;
        this.userFilter = userFilter == null || userFilter.isBlank() ? AD_ACTIVE_USERS : userFilter.strip();
        this.attributes = attributes == null ? List.of() : List.copyOf(attributes);
        this.groups = groups == null ? new Groups(null, null, null, null, null, null) : groups;
        this.incremental = incremental == null ? new Incremental(null, null, null) : incremental;
    }

    /** Where the groups are and how their members are found. */
    public record Groups(Membership membership, String baseDn, String filter, String memberAttribute,
                         String nameAttribute, Nesting nested) {

        public static final String DEFAULT_FILTER =
                "(|(objectClass=group)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))";

        @JsonCreator
        public Groups(@JsonProperty("membership") Membership membership,
                      @JsonProperty("base_dn") String baseDn,
                      @JsonProperty("filter") String filter,
                      @JsonProperty("member_attribute") String memberAttribute,
                      @JsonProperty("name_attribute") String nameAttribute,
                      @JsonProperty("nested") Nesting nested) {
            this.membership = membership == null ? Membership.MEMBER_OF : membership;
            this.baseDn = baseDn == null || baseDn.isBlank() ? null : baseDn.strip();
            this.filter = filter == null || filter.isBlank() ? DEFAULT_FILTER : filter.strip();
            this.memberAttribute = memberAttribute == null || memberAttribute.isBlank() ? "member" : memberAttribute.strip();
            this.nameAttribute = nameAttribute == null || nameAttribute.isBlank() ? "cn" : nameAttribute.strip();
            this.nested = nested == null ? Nesting.DIRECT : nested;
        }
    }

    public enum Membership {
        /** The users' own memberOf attribute (AD; OpenLDAP with the memberof overlay). */
        @JsonProperty("member_of") MEMBER_OF,
        /** Each group's member attribute, read in a second search (directories without memberOf). */
        @JsonProperty("member") MEMBER
    }

    public enum Nesting {
        /** Only groups a user is a direct member of. */
        @JsonProperty("direct") DIRECT,
        /** Also the groups those groups are members of, followed through the groups Roster read (any directory). */
        @JsonProperty("expand") EXPAND,
        /** Active Directory's in-chain matching rule (LDAP_MATCHING_RULE_IN_CHAIN), one search per group a rule names. */
        @JsonProperty("in_chain") IN_CHAIN
    }

    /** Read only what changed since the last clean run, with a full read now and then. */
    public record Incremental(boolean enabled, String timestampAttribute, Duration fullReadEvery) {

        @JsonCreator
        public Incremental(@JsonProperty("enabled") Boolean enabled,
                           @JsonProperty("timestamp_attribute") String timestampAttribute,
                           @JsonProperty("full_read_every") String fullReadEvery) {
            this(enabled != null && enabled,
                    timestampAttribute == null || timestampAttribute.isBlank() ? "modifyTimestamp" : timestampAttribute.strip(),
                    fullReadEvery == null || fullReadEvery.isBlank() ? Duration.ofHours(24) : duration(fullReadEvery));
        }

        private static Duration duration(String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            try {
                return Duration.parse(t.matches("\\d+[smhd]") ? (t.endsWith("d") ? "P" + t.toUpperCase(Locale.ROOT) : "PT" + t.toUpperCase(Locale.ROOT)) : t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("ldap.incremental.full_read_every is '" + s + "': use e.g. 12h, 1d or 30m");
            }
        }
    }
}
