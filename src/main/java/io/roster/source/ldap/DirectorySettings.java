package io.roster.source.ldap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The LDAP / Active Directory servers ({@code roster.directories.<name>.*}). */
@ConfigMapping(prefix = "roster")
public interface DirectorySettings {

    /** LDAP / Active Directory servers by name, addressed by a job file's {@code ldap.directory}. */
    Map<String, Directory> directories();

    interface Directory {
        /**
         * ldap://host:389 or ldaps://host:636; several (comma-separated, one scheme) are tried in order, for
         * failover between domain controllers.
         */
        String url();

        /** Upgrade a plain ldap:// connection to TLS before binding (StartTLS). */
        @WithName("start-tls")
        @WithDefault("false")
        boolean startTls();

        /** DN (or AD user principal name) to bind as; anonymous without it. */
        @WithName("bind-dn")
        Optional<String> bindDn();

        /** A secret: set it from the environment (ROSTER_DIRECTORIES_<NAME>_PASSWORD). */
        Optional<String> password();

        /** PEM file of the CA certificates to trust for ldaps:// and StartTLS; default: the JVM's trust store. */
        @WithName("trust-certificates")
        Optional<String> trustCertificates();

        /** Check that the server's certificate names the host connected to. */
        @WithName("verify-hostname")
        @WithDefault("true")
        boolean verifyHostname();

        @WithName("connect-timeout")
        @WithDefault("10s")
        Duration connectTimeout();

        /** The longest Roster waits for any one answer (a page of a search, a bind). */
        @WithName("read-timeout")
        @WithDefault("2m")
        Duration readTimeout();

        /** Entries per page of a paged search (AD's MaxPageSize is 1000). */
        @WithName("page-size")
        @WithDefault("1000")
        int pageSize();

        /** Connections kept for this directory (a read holds one for all its pages). */
        @WithName("max-connections")
        @WithDefault("2")
        int maxConnections();
    }

}
