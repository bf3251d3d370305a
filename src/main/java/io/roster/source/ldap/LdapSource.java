package io.roster.source.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.roster.config.JobConfigException;
import io.roster.config.RosterConfig;
import io.roster.report.RunReport;
import io.roster.source.BundledSamples;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import io.roster.state.SourceWatermark;
import io.roster.state.SourceWatermarks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An LDAP / Active Directory source's read: {@code read} (everyone at once, for targets that plan over the whole
 * source, like Sign) and {@code open} (a stream the run splits into batches, like SQL). Both read the groups first
 * when the mapping uses {@code {groups}}, then the people by paged search; with {@code incremental.enabled} only the
 * entries changed since the last clean run are read, except when a full read is due or a group changed.
 */
@ApplicationScoped
public class LdapSource {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    /**
     * What one read is for.
     *
     * @param columns    the attributes the mapping reads, in its spelling (with the pseudo-columns dn and groups)
     * @param ruleGroups the directory groups the job's rules and scope name: the ones whose nested members matter
     * @param report     the run's report: warnings, and that the read took only what changed
     * @param watermark  takes where the next incremental read may start, once this read has ended
     */
    public record Request(String job, LdapSourceSpec spec, List<String> columns, Set<String> ruleGroups, boolean dryRun,
                          RunReport report, Consumer<SourceWatermark> watermark) {
    }

    private final LdapDirectories directories;
    private final SourceWatermarks watermarks;
    private final RosterConfig config;

    public LdapSource(LdapDirectories directories, SourceWatermarks watermarks, RosterConfig config) {
        this.directories = directories;
        this.watermarks = watermarks;
        this.config = config;
    }

    /** Reads every person the job's filter selects, as a CSV read gives them. */
    public SourceRows read(Request request) {
        try (LdapRead read = open(request)) {
            List<SourceRow> rows = new ArrayList<>();
            while (read.hasNext()) {
                rows.add(read.next());
            }
            return new SourceRows(read.origin(), read.columns(), rows);
        }
    }

    /** Opens a streaming read; the caller closes it. */
    public LdapRead open(Request run) {
        LdapSourceSpec spec = run.spec();
        if (spec == null) {
            throw new JobConfigException("job " + run.job() + " reads an LDAP source but its job file has no ldap: section");
        }
        DirectorySettings.Directory settings = directories.settings(spec.directory());
        BundledSamples.refuseLive(BundledSamples.isSample(settings.url()), run.dryRun(),
                config.allowSamples(), run.job(), "the sample directory", "roster.directories." + spec.directory() + ".url");
        String origin = "directory " + spec.directory();
        boolean usesGroups = run.columns().stream().anyMatch(LdapRead.GROUPS::equalsIgnoreCase);
        List<String> attributes = attributes(spec, run.columns(), usesGroups);
        Filter users = filter(spec.userFilter(), "ldap.user_filter");
        LdapSourceSpec.Incremental inc = spec.incremental();
        Optional<SourceWatermark> last = inc.enabled() ? watermarks.last(run.job()) : Optional.empty();
        String since = last.map(SourceWatermark::watermark).orElse(null);
        Instant now = Instant.now();
        boolean full = !inc.enabled() || since == null || last.get().fullReadAt() == null
                || Duration.between(last.get().fullReadAt(), now).compareTo(inc.fullReadEvery()) >= 0;

        LDAPConnectionPool pool = directories.pool(spec.directory());
        LDAPConnection connection;
        try {
            connection = pool.getConnection();
        } catch (LDAPException e) {
            throw new SourceReadException(origin + " (" + settings.url() + "): cannot connect: "
                    + directories.safeMessage(spec.directory(), e), e);
        }
        // An update sequence number counts one domain controller's changes: it goes with the controller that gave it
        // (Microsoft's way to poll AD: the controller's highestCommittedUSN, read before the search, is where the next
        // read starts; a controller restored from a backup has a new invocationId and starts over)
        Controller controller;
        try {
            controller = inc.enabled() && ChangeTimes.isSequence(inc.timestampAttribute())
                    ? controller(connection, origin) : null;
        } catch (RuntimeException e) {
            pool.releaseDefunctConnection(connection);
            throw e;
        }
        if (since != null) {
            int at = since.indexOf('@');
            String gaveIt = at < 0 ? null : since.substring(at + 1);
            String count = at < 0 ? since : since.substring(0, at);
            if (controller != null ? !controller.fingerprint().equals(gaveIt) || !count.matches("\\d+")
                    : at >= 0 || !ChangeTimes.isTime(count)) {
                LOG.infof("job %s: the last run's starting point (%s) is not one for this read (%s%s): this run reads"
                        + " every person", run.job(), since, inc.timestampAttribute(), controller == null ? ""
                        : " on the controller with fingerprint " + controller.fingerprint());
                since = null;
                full = true;
            } else {
                since = count;
            }
        }
        ChangeTimes changes = inc.enabled() ? new ChangeTimes(inc.timestampAttribute(), since) : null;
        try {
            GroupIndex groups = null;
            if (usesGroups) {
                groups = groups(run, spec, settings, connection, origin, changes);
                if (!full && groups.changedSince) {
                    LOG.infof("job %s: a group changed since %s: this run reads every person, so memberships that"
                            + " ended are seen", run.job(), since);
                    full = true;
                }
            }
            Filter filter = users;
            if (!full) {
                filter = LdapFilters.changedSince(users, inc.timestampAttribute(), since);
                run.report().changesOnly("entries changed since " + since);
                LOG.infof("job %s: incremental read of entries changed since %s (next full read due %s)", run.job(), since,
                        last.get().fullReadAt().plus(inc.fullReadEvery()));
            } else if (inc.enabled()) {
                LOG.infof("job %s: full read%s", run.job(), since == null ? " (no earlier clean run to start from)" : "");
            }
            PagedSearch search = new PagedSearch(connection, origin + ": reading people under " + spec.baseDn(), spec.baseDn(),
                    scope(spec), filter, settings.pageSize(), requested(attributes, usesGroups, spec, changes));
            LdapRead read = new LdapRead(origin, pool, connection, search, attributes, groups, changes);
            if (changes != null) {
                Instant fullReadAt = full ? now : last.get().fullReadAt();
                read.whenComplete(() -> {
                    if (controller != null) {
                        run.watermark().accept(new SourceWatermark(controller.highestCommittedUsn() + "@"
                                + controller.fingerprint(), fullReadAt));
                    } else if (changes.latest() == null) {
                        run.report().warn(origin + ": no entry carried " + changes.attribute() + " (is it readable by the bind DN?):"
                                + " every read stays a full read");
                    } else {
                        run.watermark().accept(new SourceWatermark(changes.latest(), fullReadAt));
                    }
                });
            }
            return read;
        } catch (RuntimeException e) {
            pool.releaseDefunctConnection(connection);
            throw e;
        }
    }

    /**
     * The domain controller a read starts on: its highest committed update sequence number now, before anything is
     * read (so nothing that changes while the read runs is skipped next time), and a fingerprint of which controller
     * this is, and which incarnation of it (dsServiceName, and its NTDS Settings' invocationId, which a restore from
     * backup changes): short, as the watermark's column is.
     */
    record Controller(String highestCommittedUsn, String fingerprint) {
    }

    private static Controller controller(LDAPConnection connection, String origin) {
        String name = null;
        String usn = null;
        byte[] invocation = null;
        try {
            com.unboundid.ldap.sdk.RootDSE root = connection.getRootDSE();
            if (root != null) {
                name = root.getAttributeValue("dsServiceName");
                usn = root.getAttributeValue("highestCommittedUSN");
            }
            if (name != null) {
                com.unboundid.ldap.sdk.SearchResultEntry ntds = connection.getEntry(name, "invocationId");
                invocation = ntds == null ? null : ntds.getAttributeValueBytes("invocationId");
            }
        } catch (LDAPException e) {
            throw new SourceReadException(origin + " did not say where its update sequence numbers stand (rootDSE"
                    + " highestCommittedUSN, dsServiceName): " + e.getMessage(), e);
        }
        if (usn == null || !usn.strip().matches("\\d+")) {
            throw new SourceReadException(origin + ": ldap.incremental.timestamp_attribute is uSNChanged, but its rootDSE"
                    + " has no highestCommittedUSN: it is not Active Directory; use modifyTimestamp");
        }
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(String.valueOf(name).toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (invocation != null) {
                d.update(invocation);
            }
            return new Controller(usn.strip(), java.util.HexFormat.of().formatHex(d.digest(), 0, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The attributes the mapping reads (in its spelling) plus any the job lists, without the pseudo-columns. */
    static List<String> attributes(LdapSourceSpec spec, List<String> columns, boolean usesGroups) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : columns) {
            if (!c.equalsIgnoreCase(LdapRead.DN) && !c.equalsIgnoreCase(LdapRead.GROUPS)) {
                out.add(c);
            }
        }
        out.addAll(spec.attributes());
        return List.copyOf(out);
    }

    private static String[] requested(List<String> attributes, boolean usesGroups, LdapSourceSpec spec, ChangeTimes changes) {
        Set<String> out = new LinkedHashSet<>(attributes);
        if (usesGroups && spec.groups().membership() == LdapSourceSpec.Membership.MEMBER_OF) {
            out.add("memberOf");
        }
        if (changes != null) {
            out.add(changes.attribute());
        }
        if (out.isEmpty()) {
            out.add("1.1"); // RFC 4511: no attributes, the DN only
        }
        return out.toArray(String[]::new);
    }

    /** Reads the groups once; for in_chain, asks the directory who is in each group the job's rules name. */
    private GroupIndex groups(Request run, LdapSourceSpec spec, DirectorySettings.Directory settings, LDAPConnection connection,
                              String origin, ChangeTimes changes) {
        LdapSourceSpec.Groups g = spec.groups();
        GroupIndex index = new GroupIndex(g.membership(), g.nested());
        String base = g.baseDn() != null ? g.baseDn() : spec.baseDn();
        List<String> attrs = new ArrayList<>(List.of(g.nameAttribute()));
        if (g.membership() == LdapSourceSpec.Membership.MEMBER || g.nested() == LdapSourceSpec.Nesting.EXPAND) {
            attrs.add(g.memberAttribute());
        }
        if (g.nested() == LdapSourceSpec.Nesting.EXPAND && g.membership() == LdapSourceSpec.Membership.MEMBER_OF) {
            attrs.add("memberOf");
        }
        if (changes != null) {
            attrs.add(changes.attribute());
        }
        String since = changes == null ? null : changes.latest();
        PagedSearch search = new PagedSearch(connection, origin + ": reading groups under " + base, base, SearchScope.SUB,
                filter(g.filter(), "ldap.groups.filter"), settings.pageSize(), attrs.toArray(String[]::new));
        while (search.hasNext()) {
            SearchResultEntry e = search.next();
            index.add(e, g.nameAttribute(),
                    index.needsMembers() ? RangedValues.of(connection, e, g.memberAttribute(), origin) : null,
                    index.needsMemberOf() ? RangedValues.of(connection, e, "memberOf", origin) : null);
            if (changes != null) {
                index.changedSince |= changes.changedSince(e, since);
                changes.saw(e);
            }
        }
        index.link();
        if (g.nested() == LdapSourceSpec.Nesting.IN_CHAIN) {
            for (String name : run.ruleGroups()) {
                for (String groupDn : index.dnsNamed(name)) {
                    Filter inChain = LdapFilters.inChain(filter(spec.userFilter(), "ldap.user_filter"), groupDn);
                    PagedSearch members = new PagedSearch(connection, origin + ": reading the members of " + name
                            + " (in chain)", spec.baseDn(), scope(spec), inChain, settings.pageSize(), "1.1");
                    while (members.hasNext()) {
                        index.inChain(members.next().getDN(), name);
                    }
                }
            }
        }
        LOG.debugf("job %s: %d groups read under %s", run.job(), index.size(), base);
        return index;
    }

    private static SearchScope scope(LdapSourceSpec spec) {
        return spec.scope().equals("one") ? SearchScope.ONE : SearchScope.SUB;
    }

    private static Filter filter(String text, String where) {
        try {
            return Filter.create(text);
        } catch (LDAPException e) {
            throw new JobConfigException(where + " '" + text + "' is not an LDAP filter: " + e.getDiagnosticMessage(), e);
        }
    }
}
