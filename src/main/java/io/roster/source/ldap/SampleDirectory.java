package io.roster.source.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import io.roster.config.JobConfigException;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;

/**
 * A directory in memory, loaded from an LDIF file ({@code roster.directories.<name>.url=ldif:samples/ldap/corp.ldif}),
 * so the LDAP quick start runs with nothing installed, as the SQL one does with H2. Listens on loopback only.
 */
final class SampleDirectory implements AutoCloseable {

    static final String SCHEME = "ldif:";

    private final InMemoryDirectoryServer server;

    private SampleDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    static SampleDirectory start(String ldif) throws LDAPException {
        File file = new File(ldif);
        if (!file.isFile()) {
            throw new JobConfigException("sample directory: no LDIF file at " + file.getAbsolutePath());
        }
        try (LDIFReader reader = new LDIFReader(file)) {
            String base = reader.readEntry().getDN();
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
            config.setSchema(null); // AD-style attributes (memberOf, userAccountControl) without a schema to declare them
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("sample", InetAddress.getLoopbackAddress(), 0, null));
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.importFromLDIF(true, file);
            server.startListening();
            return new SampleDirectory(server);
        } catch (IOException | LDIFException e) {
            throw new JobConfigException("sample directory: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    LDAPConnectionPool pool(int max) throws LDAPException {
        return new LDAPConnectionPool(server.getConnection(), 1, Math.max(1, max));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
