package io.roster.source.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.roster.source.GroupNames;
import io.roster.source.RowStream;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One streaming read of people from a directory: entries come a page at a time and leave as {@link SourceRow}s
 * with the mapped attributes (first value), the entry's {@code dn}, and its {@code groups} (comma-separated names).
 * It holds one pooled connection for all its pages (the paging cookie belongs to it) and gives it back on close:
 * healthy after a complete read, discarded after a failure.
 */
public final class LdapRead implements Iterator<SourceRow>, RowStream, AutoCloseable {

    /** Columns every directory row has besides the attributes read. */
    public static final String DN = "dn";
    public static final String GROUPS = "groups";

    private final String origin;
    private final LDAPConnectionPool pool;
    private final LDAPConnection connection;
    private final PagedSearch search;
    private final List<String> attributes;
    private final List<String> columns;
    private final GroupIndex groups;
    private final ChangeTimes changes;
    private long read;
    private boolean failed;
    private boolean exhausted;
    private boolean closed;
    private Runnable whenComplete;

    LdapRead(String origin, LDAPConnectionPool pool, LDAPConnection connection, PagedSearch search, List<String> attributes,
             GroupIndex groups, ChangeTimes changes) {
        this.origin = origin;
        this.pool = pool;
        this.connection = connection;
        this.search = search;
        this.attributes = attributes;
        this.groups = groups;
        this.changes = changes;
        List<String> cols = new ArrayList<>(attributes);
        cols.add(DN);
        if (groups != null) {
            cols.add(GROUPS);
        }
        this.columns = List.copyOf(cols);
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    public long read() {
        return read;
    }

    /** Runs once, when the read reaches the end of the directory's answer (never after a failure). */
    void whenComplete(Runnable r) {
        this.whenComplete = r;
    }

    @Override
    public boolean hasNext() {
        boolean more;
        try {
            more = search.hasNext();
        } catch (SourceReadException e) {
            failed = true;
            throw e;
        }
        if (!more) {
            exhausted = true;
        }
        if (!more && whenComplete != null) {
            Runnable r = whenComplete;
            whenComplete = null;
            r.run();
        }
        return more;
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SearchResultEntry e = search.next();
        read++;
        Map<String, String> values = new HashMap<>(columns.size() * 2);
        for (String a : attributes) {
            String v = e.getAttributeValue(a);
            if (v != null) {
                values.put(a, v);
            }
        }
        values.put(DN, e.getDN());
        if (groups != null) {
            String[] memberOf;
            try {
                memberOf = RangedValues.of(connection, e, "memberOf", origin);
            } catch (SourceReadException ex) {
                failed = true;
                throw ex;
            }
            values.put(GROUPS, GroupNames.join(groups.namesFor(e.getDN(), memberOf)));
        }
        if (changes != null) {
            changes.saw(e);
        }
        return new SourceRow(read, 0, values, e.getDN());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (exhausted && !failed) {
            pool.releaseConnection(connection);
        } else {
            // a failed read, or one abandoned part-way (the server still holds its paging cookie): a fresh connection
            pool.releaseDefunctConnection(connection);
        }
    }
}
