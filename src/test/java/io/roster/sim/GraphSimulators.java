package io.roster.sim;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.roster.source.sql.HrDatabase;

import java.util.Map;

/** For the SQL → Entra ID tests: a simulated Graph and token endpoint, and the sample HR database as source "hr". */
public class GraphSimulators implements QuarkusTestResourceLifecycleManager {

    public static final String TENANT = "contoso";
    public static final String CLIENT_ID = "roster-app-1";
    public static final String SECRET = "canary-entra-secret-6b72";

    private GraphSimulator sim;

    @Override
    public Map<String, String> start() {
        try {
            sim = new GraphSimulator(TENANT, CLIENT_ID, SECRET);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.ofEntries(
                Map.entry("roster.entra.tenant", TENANT),
                Map.entry("roster.entra.client-id", CLIENT_ID),
                Map.entry("roster.entra.client-secret", SECRET),
                Map.entry("roster.entra.token-url", sim.baseUrl() + "/{tenant}/oauth2/v2.0/token"),
                Map.entry("roster.entra.graph-url", sim.baseUrl()),
                Map.entry("roster.entra.retry.initial-backoff", "20ms"),
                Map.entry("roster.entra.retry.max-backoff", "200ms"),
                Map.entry("roster.sources.hr.jdbc-url", HrDatabase.url()),
                Map.entry("roster.sources.hr.username", "postgres"),
                Map.entry("roster.sources.hr.password", "postgres"));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sim, new TestInjector.MatchesType(GraphSimulator.class));
    }

    @Override
    public void stop() {
        if (sim != null) {
            sim.close();
        }
    }
}
