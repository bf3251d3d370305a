package io.roster.source.ldap;

import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.util.StaticUtils;

import java.text.ParseException;
import java.util.Date;

/**
 * The latest change time among the entries a read saw (modifyTimestamp or whenChanged, in the directory's own
 * clock and format), which is where the next incremental read starts: no clock of Roster's is involved.
 */
final class ChangeTimes {

    private final String attribute;
    private String latest;
    private Date latestAt;

    ChangeTimes(String attribute, String start) {
        this.attribute = attribute;
        offer(start);
    }

    void saw(SearchResultEntry e) {
        offer(e.getAttributeValue(attribute));
    }

    private synchronized void offer(String value) {
        if (value == null) {
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
        try {
            String v = e.getAttributeValue(attribute);
            return v == null || StaticUtils.decodeGeneralizedTime(v).after(StaticUtils.decodeGeneralizedTime(since));
        } catch (ParseException ex) {
            return true;
        }
    }

    String attribute() {
        return attribute;
    }

    synchronized String latest() {
        return latest;
    }
}
