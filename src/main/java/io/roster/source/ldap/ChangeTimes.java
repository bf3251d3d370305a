package io.roster.source.ldap;

import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.util.StaticUtils;

import java.text.ParseException;
import java.util.Date;

/**
 * The latest change among the entries a read saw — a time (modifyTimestamp or whenChanged, in the directory's own
 * clock and format) or Active Directory's update sequence number (uSNChanged, a count each domain controller keeps
 * of its own) — which is where the next incremental read starts: no clock of Roster's is involved.
 */
final class ChangeTimes {

    private final String attribute;
    /** uSNChanged (or another USN attribute): numbers, compared as numbers. */
    private final boolean sequence;
    private String latest;
    private Date latestAt;
    private long latestNumber = -1;

    ChangeTimes(String attribute, String start) {
        this.attribute = attribute;
        this.sequence = isSequence(attribute);
        offer(start);
    }

    /** Whether the text is a time as LDAP writes one (generalized time): a timestamp watermark. */
    static boolean isTime(String value) {
        try {
            StaticUtils.decodeGeneralizedTime(value);
            return true;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the attribute is an update sequence number (uSNChanged, uSNCreated), not a time. */
    static boolean isSequence(String attribute) {
        return attribute.toLowerCase(java.util.Locale.ROOT).startsWith("usn");
    }

    void saw(SearchResultEntry e) {
        offer(e.getAttributeValue(attribute));
    }

    private synchronized void offer(String value) {
        if (value == null) {
            return;
        }
        if (sequence) {
            long n = number(value);
            if (n > latestNumber) {
                latestNumber = n;
                latest = Long.toString(n);
            }
            return;
        }
        Date at;
        try {
            at = StaticUtils.decodeGeneralizedTime(value);
        } catch (ParseException e) {
            return; // not a time: it cannot move the watermark
        }
        if (latestAt == null || at.after(latestAt)) {
            latestAt = at;
            latest = value;
        }
    }

    /**
     * Whether this entry changed after the given time (a group changed since the last run). Strictly after: the
     * watermark is itself the change time of an entry the last run saw.
     */
    boolean changedSince(SearchResultEntry e, String since) {
        if (since == null) {
            return true;
        }
        if (sequence) {
            String v = e.getAttributeValue(attribute);
            return v == null || number(v) < 0 || number(v) > number(since);
        }
        try {
            String v = e.getAttributeValue(attribute);
            return v == null || StaticUtils.decodeGeneralizedTime(v).after(StaticUtils.decodeGeneralizedTime(since));
        } catch (ParseException ex) {
            return true;
        }
    }

    private static long number(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1; // not a number: it cannot move the watermark
        }
    }

    String attribute() {
        return attribute;
    }

    synchronized String latest() {
        return latest;
    }
}
