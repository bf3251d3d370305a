package io.roster.source.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * A real LDAP server for tests (UnboundID's in-memory directory server, speaking LDAP on a loopback port), with a
 * bind account, a server-side size limit smaller than the people it holds (so only paging reads them all), a count
 * of the pages asked for, and a switch that drops every connection when a given page of people is asked for.
 */
public final class TestDirectory implements AutoCloseable {

    public static final String BASE = "dc=example,dc=com";
    public static final String PEOPLE = "ou=People," + BASE;
    public static final String GROUPS = "ou=Groups," + BASE;
    public static final String BIND_DN = "cn=roster,ou=Service," + BASE;

    private final InMemoryDirectoryServer server;
    private final AtomicInteger peoplePages = new AtomicInteger();
    private volatile int dropOnPage;
    private final ActiveDirectoryBehaviour activeDirectory = new ActiveDirectoryBehaviour(this::entry);

    public TestDirectory(String bindPassword, int sizeLimit) throws LDAPException, com.unboundid.ldif.LDIFException {
        this(bindPassword, sizeLimit, null, null);
    }

    /** With TLS: an ldaps:// listener and a plain one that offers StartTLS, both with the given server certificate. */
    public TestDirectory(String bindPassword, int sizeLimit, SSLServerSocketFactory ldaps, SSLSocketFactory startTls)
            throws LDAPException, com.unboundid.ldif.LDIFException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null); // AD-style attributes (memberOf, userAccountControl) need no schema here
        config.setMaxSizeLimit(sizeLimit);
        config.addAdditionalBindCredentials(BIND_DN, bindPassword);
        config.setAuthenticationRequiredOperationTypes(java.util.EnumSet.of(com.unboundid.ldap.sdk.OperationType.SEARCH));
        List<InMemoryListenerConfig> listeners = new ArrayList<>();
        listeners.add(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, startTls));
        if (ldaps != null) {
            listeners.add(InMemoryListenerConfig.createLDAPSConfig("ldaps", InetAddress.getLoopbackAddress(), 0, ldaps, null));
        }
        config.setListenerConfigs(listeners);
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
                activeDirectory.request(request);
                if (!request.getRequest().getBaseDN().equalsIgnoreCase(PEOPLE)
                        || !request.getRequest().hasControl(SimplePagedResultsControl.PAGED_RESULTS_OID)) {
                    return;
                }
                int page = peoplePages.incrementAndGet();
                if (dropOnPage > 0 && page >= dropOnPage) {
                    // the server goes away while Roster is between pages
                    new Thread(() -> server.closeAllConnections(false)).start();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
                activeDirectory.entry(entry);
            }
        });
        server = new InMemoryDirectoryServer(config);
        server.startListening();
        reset();
    }

    /** Empties the directory down to its base, the people and groups folders. */
    public void reset() throws LDAPException, com.unboundid.ldif.LDIFException {
        server.clear();
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: ou=People," + BASE, "objectClass: organizationalUnit", "ou: People");
        server.add("dn: ou=Groups," + BASE, "objectClass: organizationalUnit", "ou: Groups");
        server.add("dn: ou=Service," + BASE, "objectClass: organizationalUnit", "ou: Service");
        peoplePages.set(0);
        dropOnPage = 0;
        activeDirectory.reset();
    }

    /** Active Directory's own behaviours, off until a test turns them on (MaxValRange, in-chain matching). */
    public ActiveDirectoryBehaviour activeDirectory() {
        return activeDirectory;
    }

    private com.unboundid.ldap.sdk.Entry entry(String dn) {
        try {
            return server.getEntry(dn);
        } catch (LDAPException e) {
            return null;
        }
    }

    /** The entry as the directory holds it now, or null. */
    public com.unboundid.ldap.sdk.Entry get(String dn) {
        return entry(dn);
    }

    public String url() {
        return "ldap://localhost:" + server.getListenPort("ldap");
    }

    public String ldapsUrl() {
        return "ldaps://localhost:" + server.getListenPort("ldaps");
    }

    /** An AD-style person: inetOrgPerson + user, with memberOf for the groups given by name (under ou=Groups). */
    public String person(String uid, String given, String sn, String mail, String country, String... groups) throws LDAPException, com.unboundid.ldif.LDIFException {
        String dn = "uid=" + uid + "," + PEOPLE;
        List<String> lines = new ArrayList<>(List.of("dn: " + dn, "objectClass: inetOrgPerson", "objectClass: user",
                "objectCategory: person", "uid: " + uid, "cn: " + given + " " + sn, "givenName: " + given, "sn: " + sn,
                "userAccountControl: 512"));
        if (mail != null) {
            lines.add("mail: " + mail);
        }
        if (country != null) {
            lines.add("c: " + country);
        }
        for (String g : groups) {
            lines.add("memberOf: " + groupDn(g));
        }
        server.add(lines.toArray(String[]::new));
        return dn;
    }

    /** A groupOfNames with members given by DN (people or groups); memberOf set on member groups, as AD does. */
    public String group(String name, String... memberDns) throws LDAPException, com.unboundid.ldif.LDIFException {
        List<String> lines = new ArrayList<>(List.of("dn: " + groupDn(name), "objectClass: groupOfNames", "cn: " + name));
        for (String m : memberDns) {
            lines.add("member: " + m);
        }
        server.add(lines.toArray(String[]::new));
        for (String m : memberDns) {
            if (m.toLowerCase().endsWith(GROUPS.toLowerCase())) {
                server.modify(m, new Modification(ModificationType.ADD, "memberOf", groupDn(name)));
            }
        }
        return groupDn(name);
    }

    public static String groupDn(String name) {
        return new com.unboundid.ldap.sdk.RDN("cn", name).toString() + "," + GROUPS;
    }

    public void modify(String dn, String attribute, String... values) throws LDAPException, com.unboundid.ldif.LDIFException {
        server.modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
    }

    public void removeAttribute(String dn, String attribute) throws LDAPException, com.unboundid.ldif.LDIFException {
        server.modify(dn, new Modification(ModificationType.DELETE, attribute));
    }

    public void delete(String dn) throws LDAPException, com.unboundid.ldif.LDIFException {
        server.delete(dn);
    }

    /** Pages of people asked for since the last reset. */
    public int peoplePages() {
        return peoplePages.get();
    }

    /** From this page of people on (counted from now), the server drops every connection instead of answering. */
    public void dropOnPage(int page) {
        peoplePages.set(0);
        dropOnPage = page;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
