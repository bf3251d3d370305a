package io.roster.source.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Active Directory domain controller: Samba's (Debian's {@code samba}, {@code samba-ad-provision},
 * {@code samba-ad-dc}; {@code .ci/services} installs them where it can), provisioned as domain CORP.EXAMPLE in a fresh
 * directory under {@code target/} and serving LDAP on loopback only (389, and LDAPS on 636 with the certificate Samba
 * makes itself). People and groups are made over LDAPS as AD's own tools make them: {@code user} objects with
 * {@code sAMAccountName}, a password in {@code unicodePwd}, {@code userAccountControl}; security groups whose
 * {@code member} AD reflects into {@code memberOf}. Roster binds as a service account, not the Administrator.
 */
public final class SambaAd implements AutoCloseable {

    public static final String BASE = "DC=corp,DC=example";
    public static final String STAFF = "OU=Staff," + BASE;
    public static final String GROUPS = "OU=Groups," + BASE;
    public static final String BIND_DN = "CN=roster-svc,CN=Users," + BASE;
    public static final int NORMAL_ACCOUNT = 0x200;
    public static final int ACCOUNT_DISABLE = 0x2;
    public static final int WORKSTATION_TRUST_ACCOUNT = 0x1000;
    /** A global security group (groupType). */
    static final int GLOBAL_SECURITY_GROUP = 0x80000002;

    private static final Path SAMBA = Path.of("/usr/sbin/samba");
    private static final Path SAMBA_TOOL = Path.of("/usr/bin/samba-tool");
    private static final Path AD_SCHEMA = Path.of("/usr/share/samba/setup/ad-schema");
    private static final String ADMIN_PASSWORD = "Roster-Adm1n-Pass!";
    /** Every person's password: AD asks for one before it enables an account. */
    static final String PASSWORD = "Person-Pa55word!";

    private final Process process;
    private final Path dir;

    private SambaAd(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Why a Samba AD DC cannot start here, if it cannot. */
    static Optional<String> cannotStart() {
        if (!Files.isExecutable(SAMBA) || !Files.isExecutable(SAMBA_TOOL) || !Files.isDirectory(AD_SCHEMA)) {
            return Optional.of("Samba's AD DC is not installed (apt-get install samba samba-ad-provision samba-ad-dc)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("a Samba AD DC serves LDAP on ports 389 and 636, which only root may open");
        }
        for (int port : new int[] {389, 636}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return Optional.of("port " + port + " on loopback is taken (another directory server is running)");
            } catch (java.io.IOException free) {
                // nothing listens: free
            }
        }
        return Optional.empty();
    }

    /** Provisions and starts a domain controller with Roster's service account; the caller checks {@link #cannotStart}. */
    static SambaAd start(String bindPassword) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "samba-ad-").toAbsolutePath();
        run(dir, List.of(SAMBA_TOOL.toString(), "domain", "provision", "--realm=CORP.EXAMPLE", "--domain=CORP",
                "--server-role=dc", "--dns-backend=NONE", "--adminpass=" + ADMIN_PASSWORD, "--targetdir=" + dir,
                "--host-ip=127.0.0.1", "--option=interfaces=lo", "--option=bind interfaces only=yes",
                "--option=server services=ldap"));
        Path conf = dir.resolve("etc/smb.conf");
        // loopback only, its own pid and log files; simple binds over plain LDAP too (AD's default since 2008 R2 is
        // to allow them; Samba's is to refuse), so both plain and TLS connections can be tested
        Files.writeString(conf, Files.readString(conf).replace("[global]\n", "[global]\n"
                + "\tldap server require strong auth = no\n\tpid directory = " + dir + "\n\tlog file = " + dir
                + "/samba.%m.log\n"));
        Process process = new ProcessBuilder(SAMBA.toString(), "-i", "-s", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("samba.log").toFile()).start();
        SambaAd ad = new SambaAd(process, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) { // until the Administrator can bind over LDAPS
            try (LDAPConnection c = ad.admin()) {
                break;
            } catch (Exception e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    ad.close();
                    throw new IllegalStateException("samba did not start: " + Files.readString(dir.resolve("samba.log")), e);
                }
                Thread.sleep(200);
            }
        }
        try (LDAPConnection c = ad.admin()) { // then, once, the folders and Roster's service account
            c.add("dn: " + STAFF, "objectClass: organizationalUnit", "ou: Staff");
            c.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: Groups");
            c.add("dn: " + BIND_DN, "objectClass: user", "sAMAccountName: roster-svc", "cn: roster-svc");
            c.modify(BIND_DN, new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd(bindPassword)),
                    new Modification(ModificationType.REPLACE, "userAccountControl",
                            Integer.toString(NORMAL_ACCOUNT | 0x10000)));
            return ad;
        } catch (Exception e) {
            ad.close();
            throw e;
        }
    }

    private static void run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("provision.log").toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd.subList(0, 3)) + " failed: "
                    + Files.readString(dir.resolve("provision.log")));
        }
    }

    public String url() {
        return "ldap://127.0.0.1:389";
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:636";
    }

    /** The certificate authority Samba made for its own TLS certificate: what Roster is told to trust. */
    public Path caCertificate() {
        return dir.resolve("private/tls/ca.pem");
    }

    /** A connection as the domain's Administrator, over LDAPS (AD sets passwords only over an encrypted connection). */
    public LDAPConnection admin() throws Exception {
        return new LDAPConnection(new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory(), "127.0.0.1", 636,
                "CN=Administrator,CN=Users," + BASE, ADMIN_PASSWORD);
    }

    /** Removes every person and group Roster's tests made. */
    public void clear() throws Exception {
        try (LDAPConnection c = admin()) {
            for (String base : List.of(STAFF, GROUPS)) {
                for (SearchResultEntry e : c.search(base, SearchScope.ONE, "(objectClass=*)", "1.1").getSearchEntries()) {
                    c.delete(e.getDN());
                }
            }
        }
    }

    /** A person under OU=Staff: an enabled account unless the flags say otherwise; their DN. */
    public String person(String name, String given, String sn, int userAccountControl) throws Exception {
        String dn = "CN=" + name + "," + STAFF;
        try (LDAPConnection c = admin()) {
            add(c, dn, name, given, sn, userAccountControl);
        }
        return dn;
    }

    private static void add(LDAPConnection c, String dn, String name, String given, String sn, int userAccountControl)
            throws Exception {
        boolean computer = (userAccountControl & WORKSTATION_TRUST_ACCOUNT) != 0;
        c.add("dn: " + dn, "objectClass: " + (computer ? "computer" : "user"), "sAMAccountName: " + name
                        + (computer ? "$" : ""), "givenName: " + given, "sn: " + sn, "mail: " + name + "@corp.example",
                "userPrincipalName: " + name + "@corp.example");
        c.modify(dn, new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd(PASSWORD)),
                new Modification(ModificationType.REPLACE, "userAccountControl", Integer.toString(userAccountControl)));
    }

    /** A global security group under OU=Groups with these members (people or groups); its DN. */
    public String group(String cn, List<String> members) throws Exception {
        String dn = groupDn(cn);
        try (LDAPConnection c = admin()) {
            c.add("dn: " + dn, "objectClass: group", "sAMAccountName: " + cn.replaceAll("[^A-Za-z0-9]", ""),
                    "groupType: " + GLOBAL_SECURITY_GROUP);
            c.modify(dn, new Modification(ModificationType.ADD, "member", members.toArray(String[]::new)));
        }
        return dn;
    }

    public static String groupDn(String cn) {
        return "CN=" + cn.replace(",", "\\,") + "," + GROUPS;
    }

    public void modify(String dn, String attribute, String value) throws Exception {
        try (LDAPConnection c = admin()) {
            c.modify(dn, new Modification(ModificationType.REPLACE, attribute, value));
        }
    }

    /** AD's password attribute: the password in double quotes, UTF-16LE. */
    private static byte[] unicodePwd(String password) {
        return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList(); // samba's prefork children
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(dir)) { // the domain's folder goes with it
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // left under target/, which a clean removes
        }
    }
}
