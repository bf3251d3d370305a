package io.roster.source.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where an incremental read starts: times compared as times, update sequence numbers as numbers. */
class ChangeTimesTest {

    private static SearchResultEntry entry(String attribute, String value) {
        return new SearchResultEntry("cn=x", new Attribute[] {new Attribute(attribute, value)});
    }

    @Test
    void sequenceNumbersAreComparedAsNumbersNotText() {
        ChangeTimes usn = new ChangeTimes("uSNChanged", "999");
        usn.saw(entry("uSNChanged", "1000"));
        usn.saw(entry("uSNChanged", "998"));
        assertEquals("1000", usn.latest(), "1000 is after 999, though \"1000\" sorts before \"999\"");
        assertTrue(usn.changedSince(entry("uSNChanged", "1000"), "999"));
        assertFalse(usn.changedSince(entry("uSNChanged", "999"), "999"));
        assertFalse(usn.changedSince(entry("uSNChanged", "12"), "999"));
    }

    @Test
    void timesAreComparedAsTimes() {
        ChangeTimes times = new ChangeTimes("modifyTimestamp", "20261201090000Z");
        times.saw(entry("modifyTimestamp", "20261201100000.0Z"));
        assertEquals("20261201100000.0Z", times.latest());
        assertTrue(ChangeTimes.isTime("20261201090000Z"));
        assertFalse(ChangeTimes.isTime("12345"), "a sequence number is no starting point for a time");
        assertFalse(ChangeTimes.isTime("12345@0a1b2c3d4e5f6a7b"));
    }
}
