package io.roster.source.ldap;

/** Matching rules of Active Directory that Roster's searches use. */
final class LdapFilters {

    /** LDAP_MATCHING_RULE_IN_CHAIN: membership at any depth of nested groups. */
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";

    private LdapFilters() {
    }
}
