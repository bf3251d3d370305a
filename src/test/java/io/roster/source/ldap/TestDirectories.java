package io.roster.source.ldap;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts a {@link TestDirectory} as directory "test", with a small page size, for the tests that read LDAP; and, where
 * Debian's slapd is installed, an {@link OpenLdapServer} as directory "openldap" (otherwise its tests skip).
 */
public class TestDirectories implements QuarkusTestResourceLifecycleManager {

    public static final String PASSWORD = "canary-ldap-bind-5c0d";
    public static final int PAGE_SIZE = 3;
    /** The server answers at most this many entries per search: more people than this are read only by paging. */
    public static final int SIZE_LIMIT = 5;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Directory {
    }

    private TestDirectory directory;
    private OpenLdapServer openLdap;

    @Override
    public Map<String, String> start() {
        try {
            directory = new TestDirectory(PASSWORD, SIZE_LIMIT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "roster.directories.test.url", directory.url(),
                "roster.directories.test.bind-dn", TestDirectory.BIND_DN,
                "roster.directories.test.password", PASSWORD,
                "roster.directories.test.page-size", Integer.toString(PAGE_SIZE),
                "roster.directories.test.read-timeout", "5s",
                "roster.directories.wrong-password.url", directory.url(),
                "roster.directories.wrong-password.bind-dn", TestDirectory.BIND_DN,
                "roster.directories.wrong-password.password", "not-the-" + PASSWORD));
        if (OpenLdapServer.installed()) {
            try {
                openLdap = OpenLdapServer.start(PASSWORD);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.putAll(Map.of(
                    "roster.directories.openldap.url", openLdap.url(),
                    "roster.directories.openldap.bind-dn", OpenLdapServer.BIND_DN,
                    "roster.directories.openldap.password", PASSWORD,
                    "roster.directories.openldap.page-size", Integer.toString(PAGE_SIZE)));
        }
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(directory, new TestInjector.AnnotatedAndMatchesType(Directory.class, TestDirectory.class));
        if (openLdap != null) {
            injector.injectIntoFields(openLdap, new TestInjector.AnnotatedAndMatchesType(Directory.class, OpenLdapServer.class));
        }
    }

    @Override
    public void stop() {
        if (directory != null) {
            directory.close();
        }
        if (openLdap != null) {
            openLdap.close();
        }
    }
}
