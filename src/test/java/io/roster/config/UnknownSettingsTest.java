package io.roster.config;

import io.roster.mapping.CleanUpSettings;
import io.roster.plan.RemovalSettings;
import io.roster.source.csv.CsvSettings;
import io.roster.source.ldap.DirectorySettings;
import io.roster.source.sql.SqlSourceSettings;
import io.roster.state.HoldSettings;
import io.roster.state.JobLockSettings;
import io.roster.state.PlanSettings;
import io.roster.targets.sign.SignSettings;
import io.roster.targets.signature365.Signature365Settings;
import io.roster.targets.writeback.WriteBackSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class UnknownSettingsTest {

    /** Every room's settings; the running service finds them among its beans (Invocations.mappings). */
    public static final List<Class<?>> MAPPINGS = List.of(RosterConfig.class, SignSettings.class, Signature365Settings.class,
            SqlSourceSettings.class, DirectorySettings.class, CsvSettings.class, WriteBackSettings.class,
            CleanUpSettings.class, RemovalSettings.class, JobLockSettings.class, HoldSettings.class,
            PlanSettings.class);

    private final UnknownSettings settings = new UnknownSettings(MAPPINGS);

    @Test
    void everyKnownSettingAndMapKeyPasses() {
        assertNull(settings.checkEnvironment(Map.of(
                "ROSTER_DRY_RUN", "true",
                "ROSTER_JOBS", "a,b",
                "ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY", "k",
                "ROSTER_SIGN_ORGS_EMEA_WEST_BASE_URL", "https://x",
                "ROSTER_SCHEDULE_CSV_TO_SIGN", "1h",
                "ROSTER_SAFETY_REMOVALS_DESPITE_REJECTIONS", "false",
                "PATH", "/usr/bin", "JAVA_HOME", "/opt/java")));
    }

    @Test
    void aMistypedVariableIsNamedWithTheNearestSetting() {
        String error = settings.checkEnvironment(Map.of("ROSTER_DRYRUN", "true", "ROSTER_ONCE", "true"));
        assertEquals("the environment variable ROSTER_DRYRUN is not a Roster setting; did you mean ROSTER_DRY_RUN"
                + " (roster.dry-run)? Nothing was run.", error);
        String key = settings.checkEnvironment(Map.of("ROSTER_SIGN_ORGS_PRIMARY_INTEGRATIONKEY", "k"));
        assertTrue(key.contains("did you mean ROSTER_SIGN_ORGS_<NAME>_INTEGRATION_KEY (roster.sign.orgs.*.integration-key)"), key);
    }

    @Test
    void aMistypedPropertyIsNamedWithItsSourceAndTheNearestSetting() {
        assertNull(settings.checkProperties(java.util.List.of("roster.dry-run", "roster.csv.csv-to-sign.dir",
                "roster.signature365.custom-fields[0]", "quarkus.http.port", "roster.sign.orgs.emea.request-budget"),
                n -> "a test"));
        assertEquals("the setting roster.dryrun (a -D system property) is not a Roster setting; did you mean"
                + " roster.dry-run? Nothing was run.", settings.checkProperties(java.util.List.of("roster.once", "roster.dryrun"),
                n -> "a -D system property"));
        String org = settings.checkProperties(java.util.List.of("roster.sign.orgs.primary.baseurl"), n -> "application.properties");
        assertTrue(org.contains("did you mean roster.sign.orgs.<name>.base-url?"), org);
    }
}
