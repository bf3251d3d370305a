package io.roster.sim;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.roster.source.ldap.TestDirectory;
import io.roster.source.sql.HrDatabase;

import java.util.Map;

/** For the SQL → Entra ID tests: a simulated Graph and token endpoint, and the sample HR database as source "hr". */
public class GraphSimulators implements QuarkusTestResourceLifecycleManager {

    public static final String TENANT = "contoso";
    public static final String CLIENT_ID = "roster-app-1";
    public static final String SECRET = "canary-entra-secret-6b72";

    /** The on-premises AD that synced users are written to (entra.synced: directory), as directory "corp-writer". */
    public static final String DIRECTORY_PASSWORD = "canary-ad-writer-3f19";

    private GraphSimulator sim;
    private TestDirectory directory;

    @Override
    public Map<String, String> start() {
        try {
            sim = new GraphSimulator(TENANT, CLIENT_ID, SECRET);
            directory = new TestDirectory(DIRECTORY_PASSWORD, 1000);
        } catch (Exception e) {
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
                Map.entry("roster.sources.hr.password", "postgres"),
                Map.entry("roster.directories.corp-writer.url", directory.url()),
                Map.entry("roster.directories.corp-writer.bind-dn", TestDirectory.BIND_DN),
                Map.entry("roster.directories.corp-writer.password", DIRECTORY_PASSWORD));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sim, new TestInjector.MatchesType(GraphSimulator.class));
        injector.injectIntoFields(directory, new TestInjector.MatchesType(TestDirectory.class));
    }

    @Override
    public void stop() {
        if (sim != null) {
            sim.close();
        }
        if (directory != null) {
            directory.close();
        }
    }
}
