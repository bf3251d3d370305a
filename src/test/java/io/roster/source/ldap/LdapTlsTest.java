package io.roster.source.ldap;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections to a real LDAP server over ldaps:// and over StartTLS, trusting the server's CA from a PEM file. */
class LdapTlsTest {

    static TestDirectory directory;
    static Path pem;

    @BeforeAll
    static void start() throws Exception {
        // a server certificate for localhost, made with the JDK's keytool
        Path dir = Files.createDirectories(Path.of("target/ldap-tls"));
        File store = dir.resolve("server.p12").toFile();
        Files.deleteIfExists(store.toPath());
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        ObjectPair<File, char[]> keyStore = new ObjectPair<>(store, "changeit".toCharArray());
        SSLUtil server = new SSLUtil(new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "PKCS12", null),
                new TrustAllTrustManager());
        directory = new TestDirectory("tls-pass", 100, server.createSSLServerSocketFactory(), server.createSSLSocketFactory());
        directory.person("ada", "Ada", "Lovelace", "ada@example.com", "GB");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keyStore.getFirst())) {
            ks.load(in, keyStore.getSecond());
        }
        Certificate cert = ks.getCertificate(ks.aliases().nextElement());
        pem = dir.resolve("ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
    }

    @AfterAll
    static void stop() {
        if (directory != null) {
            directory.close();
        }
    }

    private static long people(DirectorySettings.Directory d) throws LDAPException {
        try (LDAPConnectionPool pool = new LdapDirectories(null).open(d)) {
            return pool.search(TestDirectory.PEOPLE, SearchScope.SUB, "(mail=*)", "mail").getEntryCount();
        }
    }

    @Test
    void readsOverLdapsTrustingThePemFile() throws Exception {
        assertEquals(1, people(settings(directory.ldapsUrl(), false, Optional.of(pem.toString()))));
    }

    @Test
    void readsOverStartTls() throws Exception {
        assertEquals(1, people(settings(directory.url(), true, Optional.of(pem.toString()))));
    }

    @Test
    void refusesAServerItDoesNotTrust() {
        LDAPException e = assertThrows(LDAPException.class, () -> people(settings(directory.ldapsUrl(), false, Optional.empty())));
        assertTrue(e.getMessage().toLowerCase().contains("trust") || e.getMessage().toLowerCase().contains("certificat"), e.getMessage());
    }

    static DirectorySettings.Directory settings(String url, boolean startTls, Optional<String> trust) {
        return new DirectorySettings.Directory() {
            public String url() { return url; }
            public boolean startTls() { return startTls; }
            public Optional<String> bindDn() { return Optional.of(TestDirectory.BIND_DN); }
            public Optional<String> password() { return Optional.of("tls-pass"); }
            public Optional<String> trustCertificates() { return trust; }
            public boolean verifyHostname() { return true; }
            public Duration connectTimeout() { return Duration.ofSeconds(5); }
            public Duration readTimeout() { return Duration.ofSeconds(5); }
            public int pageSize() { return 100; }
            public int maxConnections() { return 1; }
        };
    }
}
