package io.roster.source.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP server from the machine's own package (Debian's {@code slapd}; {@code .ci/services} installs it where
 * it can), started from a fresh config and database under {@code target/} on a free loopback port. Its schema adds the
 * Active Directory attributes the default AD filter names ({@code openldap/ad-lite.schema}); the memberof overlay keeps
 * users' {@code memberOf}, as AD does. Like AD, it answers a plain search with at most {@link #SIZE_LIMIT} entries and
 * a paged one with everything. Roster binds as a service account, not the server's root DN.
 */
public final class OpenLdapServer implements AutoCloseable {

    public static final String BASE = "dc=example,dc=com";
    public static final String PEOPLE = "ou=People," + BASE;
    public static final String GROUPS = "ou=Groups," + BASE;
    public static final String BIND_DN = "cn=roster,ou=Service," + BASE;
    public static final int SIZE_LIMIT = 5;
    /** AD userAccountControl flags: a normal account, and the "account disabled" bit. */
    public static final int NORMAL_ACCOUNT = 0x200;
    public static final int ACCOUNT_DISABLE = 0x2;

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path MODULES = Path.of("/usr/lib/ldap");
    private static final Path SCHEMAS = Path.of("/etc/ldap/schema");
    private static final String ROOT_DN = "cn=admin," + BASE;
    private static final String ROOT_PASSWORD = "root-secret-for-tests";

    private final Process process;
    private final int port;
    private final Path dir;

    private OpenLdapServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static boolean installed() {
        return Files.isExecutable(SLAPD) && Files.exists(MODULES.resolve("back_mdb.la"))
                && Files.exists(MODULES.resolve("memberof.la")) && Files.exists(SCHEMAS.resolve("inetorgperson.schema"));
    }

    /** Starts a server with Roster's service account; the caller checks {@link #installed()} first. */
    static OpenLdapServer start(String bindPassword) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "openldap-").toAbsolutePath();
        Files.createDirectories(dir.resolve("data"));
        try (InputStream schema = OpenLdapServer.class.getResourceAsStream("/openldap/ad-lite.schema")) {
            Files.copy(schema, dir.resolve("ad-lite.schema"));
        }
        Files.writeString(dir.resolve("slapd.conf"), """
                include %1$s/core.schema
                include %1$s/cosine.schema
                include %1$s/inetorgperson.schema
                include %2$s/ad-lite.schema
                modulepath %3$s
                moduleload back_mdb
                moduleload memberof
                pidfile %2$s/slapd.pid
                argsfile %2$s/slapd.args
                # as AD: a plain search answers at most %4$d entries, a paged one everything
                sizelimit size.soft=%4$d size.hard=%4$d size.prtotal=unlimited
                database mdb
                maxsize 16777216
                suffix "%5$s"
                rootdn "%6$s"
                rootpw %7$s
                directory %2$s/data
                index objectClass eq
                overlay memberof
                memberof-group-oc groupOfNames
                memberof-member-ad member
                memberof-memberof-ad memberOf
                memberof-refint TRUE
                """.formatted(SCHEMAS, dir, MODULES, SIZE_LIMIT, BASE, ROOT_DN, ROOT_PASSWORD));
        int port = freePort();
        Process process = new ProcessBuilder(SLAPD.toString(), "-d", "0", "-f", dir.resolve("slapd.conf").toString(),
                "-h", "ldap://127.0.0.1:" + port + "/")
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        OpenLdapServer server = new OpenLdapServer(process, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (LDAPConnection c = server.root()) {
                c.add("dn: " + BASE, "objectClass: dcObject", "objectClass: organization", "o: Example", "dc: example");
                c.add("dn: ou=Service," + BASE, "objectClass: organizationalUnit", "ou: Service");
                c.add("dn: " + BIND_DN, "objectClass: person", "cn: roster", "sn: Roster", "userPassword: " + bindPassword);
                c.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: People");
                c.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: Groups");
                return server;
            } catch (LDAPException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("slapd did not start: " + Files.readString(dir.resolve("slapd.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** A connection as the server's root DN, which no size limit applies to (for setting up and checking data). */
    public LDAPConnection root() throws LDAPException {
        return new LDAPConnection("127.0.0.1", port, ROOT_DN, ROOT_PASSWORD);
    }

    /** A connection as Roster's service account, to which the size limit applies. */
    public LDAPConnection service(String password) throws LDAPException {
        return new LDAPConnection("127.0.0.1", port, BIND_DN, password);
    }

    /** Removes every person and group. */
    public void clear() throws LDAPException {
        try (LDAPConnection c = root()) {
            for (String base : List.of(PEOPLE, GROUPS)) {
                for (SearchResultEntry e : c.search(base, SearchScope.ONE, "(objectClass=*)", "1.1").getSearchEntries()) {
                    c.delete(e.getDN());
                }
            }
        }
    }

    /** Adds an AD-style account (objectClass user) and returns its DN. */
    public String account(String uid, String given, String sn, String category, int userAccountControl) throws LDAPException {
        String dn = new RDN("uid", uid) + "," + PEOPLE;
        try (LDAPConnection c = root()) {
            c.add(new com.unboundid.ldap.sdk.Entry(dn, List.of(
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "user"),
                    new Attribute("uid", uid), new Attribute("cn", given + " " + sn), new Attribute("givenName", given),
                    new Attribute("sn", sn), new Attribute("mail", uid + "@example.com"),
                    new Attribute("sAMAccountName", uid), new Attribute("objectCategory", category),
                    new Attribute("userAccountControl", Integer.toString(userAccountControl)))));
        }
        return dn;
    }

    /** Adds a groupOfNames with these members (people or groups); the memberof overlay updates their memberOf. */
    public String group(String cn, String... members) throws LDAPException {
        String dn = groupDn(cn);
        List<String> values = new ArrayList<>(List.of(members));
        try (LDAPConnection c = root()) {
            c.add(new com.unboundid.ldap.sdk.Entry(dn, List.of(new Attribute("objectClass", "top", "groupOfNames"),
                    new Attribute("cn", cn), new Attribute("member", values))));
        }
        return dn;
    }

    public static String groupDn(String cn) {
        return new RDN("cn", cn) + "," + GROUPS;
    }

    public void modify(String dn, String attribute, String value) throws LDAPException {
        try (LDAPConnection c = root()) {
            c.modify(dn, new Modification(ModificationType.REPLACE, attribute, value));
        }
    }

    public void delete(String dn) throws LDAPException {
        try (LDAPConnection c = root()) {
            c.delete(dn);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    Path dir() {
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
