package io.roster.source.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.roster.config.JobConfigException;
import io.roster.source.SourceReadException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.File;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The directories configured as {@code roster.directories.<name>.*}: one small connection pool each, opened on first
 * use, every connection bound (simple bind) and, where asked, on TLS (ldaps:// or StartTLS) with the configured timeouts.
 */
@ApplicationScoped
public class LdapDirectories {

    private final DirectorySettings config;
    private final Map<String, LDAPConnectionPool> pools = new ConcurrentHashMap<>();
    private final List<SampleDirectory> samples = new CopyOnWriteArrayList<>();

    public LdapDirectories(DirectorySettings config) {
        this.config = config;
    }

    public DirectorySettings.Directory settings(String name) {
        DirectorySettings.Directory d = config.directories().get(name);
        if (d == null) {
            throw new JobConfigException("directory '" + name + "' is not configured: set roster.directories." + name
                    + ".url (and .bind-dn, and .password from the environment as ROSTER_DIRECTORIES_"
                    + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD); configured: " + config.directories().keySet());
        }
        return d;
    }

    /** The directory's pool; a directory that cannot be reached or refuses the bind fails the read, saying why. */
    public LDAPConnectionPool pool(String name) {
        LDAPConnectionPool pool = pools.get(name);
        if (pool != null) {
            return pool;
        }
        synchronized (pools) {
            pool = pools.get(name);
            if (pool == null) {
                DirectorySettings.Directory d = settings(name);
                try {
                    pool = open(d);
                } catch (LDAPException e) {
                    throw new SourceReadException("directory " + name + " (" + d.url() + "): " + safeMessage(name, e), e);
                }
                pools.put(name, pool);
            }
            return pool;
        }
    }

    LDAPConnectionPool open(DirectorySettings.Directory d) throws LDAPException {
        if (d.url().startsWith(SampleDirectory.SCHEME)) {
            SampleDirectory sample = SampleDirectory.start(d.url().substring(SampleDirectory.SCHEME.length()));
            samples.add(sample);
            return sample.pool(d.maxConnections());
        }
        List<LDAPURL> urls;
        try {
            urls = Arrays.stream(d.url().split("[,\\s]+")).filter(s -> !s.isBlank()).map(LdapDirectories::url).toList();
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        boolean ldaps = urls.get(0).getScheme().equalsIgnoreCase("ldaps");
        if (urls.stream().anyMatch(u -> u.getScheme().equalsIgnoreCase("ldaps") != ldaps)) {
            throw new JobConfigException("directory url '" + d.url() + "' mixes ldap:// and ldaps://: use one scheme");
        }
        if (ldaps && d.startTls()) {
            throw new JobConfigException("directory url '" + d.url() + "' is ldaps:// already: start-tls goes with ldap://");
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, d.connectTimeout().toMillis()));
        options.setResponseTimeoutMillis(d.readTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        SSLUtil ssl = ldaps || d.startTls() ? ssl(d) : null;
        if (ssl != null && d.verifyHostname()) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
        SocketFactory sockets;
        try {
            sockets = ldaps ? ssl.createSSLSocketFactory() : SocketFactory.getDefault();
        } catch (GeneralSecurityException e) {
            throw new JobConfigException("directory TLS set-up failed: " + e.getMessage(), e);
        }
        String[] hosts = urls.stream().map(LDAPURL::getHost).toArray(String[]::new);
        int[] ports = urls.stream().mapToInt(LDAPURL::getPort).toArray();
        ServerSet servers = hosts.length == 1
                ? new SingleServerSet(hosts[0], ports[0], sockets, options)
                : new FailoverServerSet(hosts, ports, sockets, options);
        BindRequest bind = d.bindDn().filter(s -> !s.isBlank())
                .<BindRequest>map(dn -> new SimpleBindRequest(dn, d.password().orElse("")))
                .orElse(new SimpleBindRequest());
        StartTLSPostConnectProcessor startTls = null;
        if (d.startTls()) {
            try {
                startTls = new StartTLSPostConnectProcessor(ssl.createSSLSocketFactory());
            } catch (GeneralSecurityException e) {
                throw new JobConfigException("directory TLS set-up failed: " + e.getMessage(), e);
            }
        }
        LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, Math.max(1, d.maxConnections()), startTls);
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        return pool;
    }

    private static LDAPURL url(String s) {
        try {
            LDAPURL u = new LDAPURL(s.strip());
            if (!u.hostProvided()) {
                throw new IllegalArgumentException("directory url '" + s + "' names no host");
            }
            return u;
        } catch (LDAPException e) {
            throw new IllegalArgumentException("directory url '" + s + "' is not an ldap:// or ldaps:// URL: " + e.getDiagnosticMessage(), e);
        }
    }

    private static SSLUtil ssl(DirectorySettings.Directory d) {
        TrustManager trust;
        if (d.trustCertificates().isPresent()) {
            try {
                trust = new PEMFileTrustManager(new File(d.trustCertificates().get()));
            } catch (KeyStoreException | RuntimeException e) {
                throw new JobConfigException("roster.directories.*.trust-certificates: cannot read "
                        + d.trustCertificates().get() + ": " + e.getMessage(), e);
            }
        } else {
            trust = JVMDefaultTrustManager.getInstance();
        }
        return new SSLUtil(trust);
    }

    /** The reason an operation failed, without the directory's password even if a server were to echo it. */
    public String safeMessage(String name, LDAPException e) {
        String m = e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
        if (e.getDiagnosticMessage() == null && e.getMessage() != null) {
            m = e.getResultCode() + ": " + e.getMessage();
        }
        DirectorySettings.Directory d = config.directories().get(name);
        if (d != null && d.password().filter(p -> p.length() >= 3).isPresent()) {
            m = m.replace(d.password().get(), "****");
        }
        return m;
    }

    @PreDestroy
    void close() {
        pools.values().forEach(LDAPConnectionPool::close);
        samples.forEach(SampleDirectory::close);
    }
}
