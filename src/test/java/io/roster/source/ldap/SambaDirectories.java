package io.roster.source.ldap;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Where Samba's AD DC can start ({@link SambaAd#cannotStart}), a real domain controller as directory "ad" (plain LDAP),
 * "ad-ldaps" (LDAPS, trusting Samba's own CA), "ad-starttls" (StartTLS, the same) and "ad-untrusted" (LDAPS without
 * that CA: refused). Otherwise none, and the tests that need one skip with the reason ({@link #whyNot}).
 */
public class SambaDirectories implements QuarkusTestResourceLifecycleManager {

    public static final String PASSWORD = "Roster-Svc-Pa55!";
    /** A small page, so a handful of people already takes several pages. */
    public static final int PAGE_SIZE = 3;

    private static volatile String whyNot = "not started";
    private SambaAd ad;

    /** Why there is no domain controller, or null when there is one. */
    public static String whyNot() {
        return whyNot;
    }

    @Override
    public Map<String, String> start() {
        whyNot = SambaAd.cannotStart().orElse(null);
        if (whyNot != null) {
            return Map.of();
        }
        try {
            ad = SambaAd.start(PASSWORD);
        } catch (Exception e) {
            whyNot = "Samba's AD DC did not start: " + e.getMessage();
            return Map.of();
        }
        Map<String, String> config = new HashMap<>();
        directory(config, "ad", ad.url());
        directory(config, "ad-ldaps", ad.ldapsUrl());
        config.put("roster.directories.ad-ldaps.trust-certificates", ad.caCertificate().toString());
        config.put("roster.directories.ad-ldaps.verify-hostname", "false"); // Samba's certificate names its host, not 127.0.0.1
        directory(config, "ad-starttls", ad.url());
        config.put("roster.directories.ad-starttls.start-tls", "true");
        config.put("roster.directories.ad-starttls.trust-certificates", ad.caCertificate().toString());
        config.put("roster.directories.ad-starttls.verify-hostname", "false");
        directory(config, "ad-untrusted", ad.ldapsUrl());
        config.put("roster.directories.ad-untrusted.verify-hostname", "false"); // so only the untrusted CA refuses it
        return config;
    }

    private static void directory(Map<String, String> config, String name, String url) {
        config.put("roster.directories." + name + ".url", url);
        config.put("roster.directories." + name + ".bind-dn", SambaAd.BIND_DN);
        config.put("roster.directories." + name + ".password", PASSWORD);
        config.put("roster.directories." + name + ".page-size", Integer.toString(PAGE_SIZE));
    }

    @Override
    public void inject(TestInjector injector) {
        if (ad != null) {
            injector.injectIntoFields(ad, new TestInjector.MatchesType(SambaAd.class));
        }
    }

    @Override
    public void stop() {
        if (ad != null) {
            ad.close();
        }
    }
}
