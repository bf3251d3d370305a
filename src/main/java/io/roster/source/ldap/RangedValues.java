package io.roster.source.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.roster.source.SourceReadException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * All the values of a multi-valued attribute, including Active Directory's ranged retrieval: an attribute with more
 * values than the server's MaxValRange (1,500 by default) comes back as, say, {@code member;range=0-1499} instead
 * of {@code member}; the rest are asked for by base searches for {@code member;range=1500-*} until a range ends
 * in {@code *}. Any failure fails the read, as a failed page does: a group must not look smaller than it is.
 */
final class RangedValues {

    private static final String RANGE = "range=";

    private RangedValues() {
    }

    /** The attribute's values, fetching further ranges where the server sent only the first; null when it has none. */
    static String[] of(LDAPConnection connection, Entry entry, String attribute, String origin) {
        String[] plain = entry.getAttributeValues(attribute);
        if (plain != null) {
            return plain;
        }
        Attribute ranged = rangedAttribute(entry, attribute);
        if (ranged == null) {
            return null;
        }
        List<String> values = new ArrayList<>(List.of(ranged.getValues()));
        while (true) {
            String end = rangeEnd(ranged, origin, entry);
            if (end.equals("*")) {
                return values.toArray(String[]::new);
            }
            long next = Long.parseLong(end) + 1;
            String wanted = attribute + ";" + RANGE + next + "-*";
            SearchResultEntry more;
            try {
                more = connection.getEntry(entry.getDN(), wanted);
            } catch (LDAPException e) {
                throw new SourceReadException(origin + ": reading the values of " + attribute + " of " + entry.getDN()
                        + " from " + next + " on failed: " + e.getResultCode()
                        + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage())
                        + "; nothing of this read is used to decide who left", e);
            }
            ranged = more == null ? null : rangedAttribute(more, attribute);
            if (ranged == null) {
                throw new SourceReadException(origin + ": " + entry.getDN() + " stopped answering " + wanted
                        + " after " + values.size() + " values of " + attribute + "; nothing of this read is used to"
                        + " decide who left");
            }
            values.addAll(List.of(ranged.getValues()));
        }
    }

    private static Attribute rangedAttribute(Entry entry, String attribute) {
        for (Attribute a : entry.getAttributes()) {
            if (a.getBaseName().equalsIgnoreCase(attribute) && a.hasOptions()
                    && a.getOptions().stream().anyMatch(o -> o.toLowerCase(Locale.ROOT).startsWith(RANGE))) {
                return a;
            }
        }
        return null;
    }

    /** "1499" of "range=0-1499", or "*". */
    private static String rangeEnd(Attribute ranged, String origin, Entry entry) {
        for (String option : ranged.getOptions()) {
            if (option.toLowerCase(Locale.ROOT).startsWith(RANGE)) {
                String end = option.substring(option.indexOf('-') + 1);
                if (end.equals("*") || end.chars().allMatch(Character::isDigit) && !end.isEmpty()) {
                    return end;
                }
            }
        }
        throw new SourceReadException(origin + ": " + entry.getDN() + " answered " + ranged.getName()
                + ", which is not a range this reader understands");
    }
}
