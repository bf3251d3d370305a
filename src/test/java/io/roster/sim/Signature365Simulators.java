package io.roster.sim;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.roster.source.sql.HrDatabase;

import java.util.Map;

/**
 * For the SQL → Signature 365 tests: a simulated Signature 365 tenant (custom token CostCentre), the sample HR
 * database in a real PostgreSQL as source "hr", the same table in an in-memory H2 database as source "h2" (as the
 * SQL quick start ships it: H2 inside Roster, user sa), and a source "down" that nothing listens on. Job files go to
 * the folder {@link SignSimulators} configures (a resource every test application gets).
 */
public class Signature365Simulators implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "canary-s365-secret-9d41";
    public static final String H2_SOURCE = "h2";

    private Signature365Simulator sim;

    @Override
    public Map<String, String> start() {
        try {
            sim = new Signature365Simulator(SECRET, "CostCentre");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.ofEntries(
                Map.entry("roster.signature365.base-url", sim.baseUrl()),
                Map.entry("roster.signature365.secret", SECRET),
                Map.entry("roster.signature365.custom-fields", "CostCentre"),
                Map.entry("roster.signature365.retry.initial-backoff", "20ms"),
                Map.entry("roster.signature365.retry.max-backoff", "200ms"),
                Map.entry("roster.sources.hr.jdbc-url", HrDatabase.url()),
                Map.entry("roster.sources.hr.username", "postgres"),
                Map.entry("roster.sources.hr.password", "postgres"),
                Map.entry("roster.sources." + H2_SOURCE + ".jdbc-url",
                        "jdbc:h2:mem:roster-test-hr;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'samples/hr/staff.sql'"),
                Map.entry("roster.sources." + H2_SOURCE + ".username", "sa"),
                Map.entry("roster.sources.down.jdbc-url", "jdbc:postgresql://127.0.0.1:9/hr"),
                Map.entry("roster.sources.down.username", "roster"),
                Map.entry("roster.sources.down.password", "canary-down-password-5521"),
                Map.entry("roster.sources.down.connect-timeout", "3s"));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sim, new TestInjector.MatchesType(Signature365Simulator.class));
    }

    @Override
    public void stop() {
        if (sim != null) {
            sim.close();
        }
    }
}
