package io.roster.sim;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts two simulated Sign accounts ("primary" and "org2") for the Quarkus tests and points Roster at them.
 * Tests receive them in fields annotated {@link Primary} / {@link Org2}.
 */
public class SignSimulators implements QuarkusTestResourceLifecycleManager {

    public static final String PRIMARY_KEY = "canary-primary-key-3f9a";
    public static final String ORG2_KEY = "canary-org2-key-77c1";
    public static final String ADMIN = "sign-admin@example.com";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Primary {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Org2 {
    }

    private SignSimulator primary;
    private SignSimulator org2;

    @Override
    public Map<String, String> start() {
        try {
            primary = new SignSimulator(PRIMARY_KEY);
            org2 = new SignSimulator(ORG2_KEY);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.ofEntries(
                Map.entry("roster.sign.orgs.primary.base-url", primary.baseUrl()),
                Map.entry("roster.sign.orgs.primary.integration-key", PRIMARY_KEY),
                Map.entry("roster.sign.orgs.primary.admin-email", ADMIN),
                Map.entry("roster.sign.orgs.primary.deactivate-users", "true"),
                Map.entry("roster.sign.orgs.org2.base-url", org2.baseUrl()),
                Map.entry("roster.sign.orgs.org2.integration-key", ORG2_KEY),
                Map.entry("roster.sign.orgs.org2.deactivate-users", "false"),
                Map.entry("roster.sign.retry.initial-backoff", "20ms"),
                Map.entry("roster.sign.retry.max-backoff", "200ms"),
                Map.entry("roster.config-dir", "target/e2e/jobs"),
                Map.entry("roster.csv.csv-to-sign.dir", "target/e2e/csv"),
                Map.entry("roster.csv.csv-to-sign.file", "people.csv"),
                Map.entry("roster.report-dir", "target/e2e/reports"));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(primary, new TestInjector.AnnotatedAndMatchesType(Primary.class, SignSimulator.class));
        injector.injectIntoFields(org2, new TestInjector.AnnotatedAndMatchesType(Org2.class, SignSimulator.class));
    }

    @Override
    public void stop() {
        if (primary != null) {
            primary.close();
        }
        if (org2 != null) {
            org2.close();
        }
    }
}
