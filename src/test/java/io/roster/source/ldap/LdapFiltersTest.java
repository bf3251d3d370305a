package io.roster.source.ldap;

import com.unboundid.ldap.sdk.Filter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values from data cannot change the shape of a filter Roster sends. */
class LdapFiltersTest {

    static final Filter PEOPLE = parse("(objectClass=user)");

    static Filter parse(String f) {
        try {
            return Filter.create(f);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGroupDnWithFilterSyntaxStaysOneValue() {
        String hostile = "cn=Sales*)(|(objectClass=*),ou=Groups,dc=example,dc=com";
        String sent = LdapFilters.inChain(PEOPLE, hostile).toString();
        assertEquals("(&(objectClass=user)(memberOf:1.2.840.113556.1.4.1941:=cn=Sales\\2a\\29\\28|\\28objectClass=\\2a\\29,ou=Groups,dc=example,dc=com))", sent);
        Filter back = parse(sent); // what the server parses: still two parts, the second one value
        assertEquals(2, back.getComponents().length);
        assertEquals(Filter.FILTER_TYPE_EXTENSIBLE_MATCH, back.getComponents()[1].getFilterType());
        assertEquals(hostile, back.getComponents()[1].getAssertionValue());
    }

    @Test
    void aChangeTimeWithFilterSyntaxStaysOneValue() {
        String hostile = "*)(objectClass=*";
        Filter back = parse(LdapFilters.changedSince(PEOPLE, "modifyTimestamp", hostile).toString());
        assertEquals(2, back.getComponents().length);
        assertEquals(Filter.FILTER_TYPE_GREATER_OR_EQUAL, back.getComponents()[1].getFilterType());
        assertEquals(hostile, back.getComponents()[1].getAssertionValue());
        assertArrayEquals(PEOPLE.encode().encode(), back.getComponents()[0].encode().encode());
    }
}
