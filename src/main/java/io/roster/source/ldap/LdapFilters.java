package io.roster.source.ldap;

import com.unboundid.ldap.sdk.Filter;

/**
 * The filters Roster builds from data (a group's DN, a change time): every value goes in through the SDK's filter
 * constructors, which escape it, never by pasting text into a filter string (no LDAP filter injection).
 */
final class LdapFilters {

    /** LDAP_MATCHING_RULE_IN_CHAIN: membership at any depth of nested groups (Active Directory). */
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";

    private LdapFilters() {
    }

    /** The people the job selects who are in this group at any depth. */
    static Filter inChain(Filter users, String groupDn) {
        return Filter.createANDFilter(users, Filter.createExtensibleMatchFilter("memberOf", IN_CHAIN, false, groupDn));
    }

    /** The people the job selects whose change time is at or after {@code since}. */
    static Filter changedSince(Filter users, String timeAttribute, String since) {
        return Filter.createANDFilter(users, Filter.createGreaterOrEqualFilter(timeAttribute, since));
    }
}
