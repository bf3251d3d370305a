package io.roster.source.ldap;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Two documented Active Directory behaviours the in-memory server lacks, for {@link TestDirectory}:
 * <ul>
 *   <li>Ranged retrieval ("Searching Using Range Retrieval"): {@code member} or {@code memberOf} with more values than
 *   MaxValRange comes back as {@code member;range=0-<max-1>}; a request for {@code member;range=<low>-*} (or
 *   {@code <low>-<high>}) gets the next slice, the last one named {@code member;range=<low>-*}.</li>
 *   <li>LDAP_MATCHING_RULE_IN_CHAIN on memberOf ({@code (memberOf:1.2.840.113556.1.4.1941:=<group>)}): entries that
 *   are members of the group directly or through groups nested in it, at any depth.</li>
 * </ul>
 */
public final class ActiveDirectoryBehaviour {

    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    private static final List<String> RANGED = List.of("member", "memberOf");
    private static final String RANGES = "roster.test.ranges";

    private final Function<String, Entry> entries;
    private volatile int maxValRange;
    private volatile boolean inChain;
    private final AtomicInteger inChainSearches = new AtomicInteger();
    private final AtomicInteger rangeRequests = new AtomicInteger();

    ActiveDirectoryBehaviour(Function<String, Entry> entries) {
        this.entries = entries;
    }

    void reset() {
        maxValRange = 0;
        inChain = false;
        inChainSearches.set(0);
        rangeRequests.set(0);
    }

    /** Answers at most this many values of member / memberOf per attribute, as AD's MaxValRange (0: no limit). */
    public void maxValRange(int max) {
        this.maxValRange = max;
    }

    /** Evaluates the in-chain matching rule on memberOf (the in-memory server would refuse it). */
    public void inChain(boolean on) {
        this.inChain = on;
    }

    public int inChainSearches() {
        return inChainSearches.get();
    }

    public int rangeRequests() {
        return rangeRequests.get();
    }

    void request(InMemoryInterceptedSearchRequest intercepted) {
        SearchRequest request = intercepted.getRequest().duplicate();
        boolean changed = false;
        Map<String, long[]> ranges = new HashMap<>();
        List<String> attributes = new ArrayList<>();
        for (String a : request.getAttributes()) {
            long[] range = range(a);
            if (range != null) {
                ranges.put(Attribute.getBaseName(a).toLowerCase(Locale.ROOT), range);
                attributes.add(Attribute.getBaseName(a));
                changed = true;
            } else {
                attributes.add(a);
            }
        }
        if (changed) {
            rangeRequests.incrementAndGet();
            request.setAttributes(attributes);
            intercepted.setProperty(RANGES, ranges);
        }
        if (inChain) {
            Filter rewritten = rewrite(request.getFilter());
            if (rewritten != request.getFilter()) {
                inChainSearches.incrementAndGet();
                request.setFilter(rewritten);
                changed = true;
            }
        }
        if (changed) {
            intercepted.setRequest(request);
        }
    }

    @SuppressWarnings("unchecked")
    void entry(InMemoryInterceptedSearchEntry intercepted) {
        int max = maxValRange;
        Map<String, long[]> ranges = (Map<String, long[]>) intercepted.getProperty(RANGES);
        if (max <= 0 && ranges == null) {
            return;
        }
        Entry entry = intercepted.getSearchEntry().duplicate();
        boolean changed = false;
        for (String name : RANGED) {
            Attribute a = entry.getAttribute(name);
            long[] asked = ranges == null ? null : ranges.get(name.toLowerCase(Locale.ROOT));
            String[] values = a == null ? new String[0] : a.getValues();
            if (asked == null && (max <= 0 || values.length <= max)) {
                continue;
            }
            long low = asked == null ? 0 : asked[0];
            long high = values.length - 1L;
            if (asked != null && asked[1] >= 0) {
                high = Math.min(high, asked[1]);
            }
            if (max > 0) {
                high = Math.min(high, low + max - 1);
            }
            boolean last = high >= values.length - 1L;
            String[] slice = low >= values.length ? new String[0] : Arrays.copyOfRange(values, (int) low, (int) high + 1);
            entry.removeAttribute(name);
            entry.addAttribute(new Attribute(name + ";range=" + low + "-" + (last ? "*" : Long.toString(high)), slice));
            changed = true;
        }
        if (changed) {
            intercepted.setSearchEntry(entry);
        }
    }

    /** {low, high} of "member;range=low-high" (high -1 for "*"), or null. */
    private static long[] range(String attribute) {
        for (String option : Attribute.getOptions(attribute)) {
            if (option.toLowerCase(Locale.ROOT).startsWith("range=")) {
                String[] parts = option.substring(6).split("-", 2);
                return new long[]{Long.parseLong(parts[0]), parts[1].equals("*") ? -1 : Long.parseLong(parts[1])};
            }
        }
        return null;
    }

    private Filter rewrite(Filter f) {
        switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
                Filter[] parts = f.getComponents();
                Filter[] out = new Filter[parts.length];
                boolean changed = false;
                for (int i = 0; i < parts.length; i++) {
                    out[i] = rewrite(parts[i]);
                    changed |= out[i] != parts[i];
                }
                return !changed ? f : f.getFilterType() == Filter.FILTER_TYPE_AND
                        ? Filter.createANDFilter(out) : Filter.createORFilter(out);
            }
            case Filter.FILTER_TYPE_NOT -> {
                Filter inner = rewrite(f.getNOTComponent());
                return inner == f.getNOTComponent() ? f : Filter.createNOTFilter(inner);
            }
            case Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> {
                if (IN_CHAIN.equals(f.getMatchingRuleID()) && "memberOf".equalsIgnoreCase(f.getAttributeName())) {
                    List<Filter> any = new ArrayList<>();
                    for (String group : groupAndNested(f.getAssertionValue())) {
                        any.add(Filter.createEqualityFilter("memberOf", group));
                    }
                    return Filter.createORFilter(any);
                }
                return f;
            }
            default -> {
                return f;
            }
        }
    }

    /** The group and every group inside it, at any depth (cycles end where they began). */
    private java.util.Collection<String> groupAndNested(String groupDn) {
        Map<String, String> seen = new java.util.LinkedHashMap<>(); // normalized DN -> DN as stored
        Deque<String> todo = new ArrayDeque<>(List.of(groupDn));
        while (!todo.isEmpty()) {
            String dn = todo.pop();
            if (seen.putIfAbsent(normalize(dn), dn) != null) {
                continue;
            }
            Entry group = entries.apply(dn);
            if (group == null || !group.hasObjectClass("groupOfNames")) {
                continue;
            }
            for (String member : group.getAttributeValues("member") == null ? new String[0] : group.getAttributeValues("member")) {
                Entry m = entries.apply(member);
                if (m != null && m.hasObjectClass("groupOfNames")) {
                    todo.push(member);
                }
            }
        }
        return seen.values();
    }

    private static String normalize(String dn) {
        try {
            return DN.normalize(dn);
        } catch (LDAPException e) {
            return dn;
        }
    }
}
