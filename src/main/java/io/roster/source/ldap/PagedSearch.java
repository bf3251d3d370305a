package io.roster.source.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import io.roster.source.SourceReadException;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One search, fetched a page at a time with the Simple Paged Results control (RFC 2696), so no server size limit is
 * hit and only one page is held in memory. Any failure, on any page, fails the whole search: a directory that drops
 * mid-read never looks like a directory with fewer people.
 */
final class PagedSearch implements Iterator<SearchResultEntry> {

    private final LDAPConnection connection;
    private final SearchRequest request;
    private final int pageSize;
    private final String what;
    private ASN1OctetString cookie;
    private Iterator<SearchResultEntry> page = List.<SearchResultEntry>of().iterator();
    private boolean last;
    private int pages;
    private long entries;

    PagedSearch(LDAPConnection connection, String what, String base, SearchScope scope, Filter filter, int pageSize,
                String... attributes) {
        this.connection = connection;
        this.what = what;
        this.pageSize = pageSize;
        this.request = new SearchRequest(base, scope, filter, attributes);
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && !last) {
            fetch();
        }
        return page.hasNext();
    }

    @Override
    public SearchResultEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        entries++;
        return page.next();
    }

    private void fetch() {
        request.setControls(new SimplePagedResultsControl(pageSize, cookie, false));
        SearchResult result;
        try {
            result = connection.search(request);
        } catch (LDAPSearchException e) {
            throw failure(e);
        }
        pages++;
        SimplePagedResultsControl answer;
        try {
            answer = SimplePagedResultsControl.get(result);
        } catch (LDAPException e) {
            throw failure(e);
        }
        cookie = answer == null ? null : answer.getCookie();
        last = cookie == null || cookie.getValueLength() == 0;
        page = result.getSearchEntries().iterator();
    }

    private SourceReadException failure(LDAPException e) {
        String why = e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED
                ? "the directory's size limit stopped the search (it did not page it)"
                : e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
        return new SourceReadException(what + " failed on page " + (pages + 1) + ", after " + entries + " entries: " + why
                + "; nothing of this read is used to decide who left", e);
    }

    long entries() {
        return entries;
    }

    int pages() {
        return pages;
    }
}
