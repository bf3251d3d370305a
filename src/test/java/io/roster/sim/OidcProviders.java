package io.roster.sim;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** For the console's single sign-on tests: a simulated OpenID Connect provider, and Roster set up to use it. */
public class OidcProviders implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "roster-console";
    public static final String SECRET = "canary-oidc-secret-5d1e";

    private OidcProviderSimulator sim;

    @Override
    public Map<String, String> start() {
        try {
            sim = new OidcProviderSimulator(CLIENT_ID, SECRET);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", sim.issuer(),
                "quarkus.oidc.client-id", CLIENT_ID,
                "quarkus.oidc.credentials.secret", SECRET);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sim, new TestInjector.MatchesType(OidcProviderSimulator.class));
    }

    @Override
    public void stop() {
        if (sim != null) {
            sim.close();
        }
    }
}
