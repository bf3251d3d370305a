package io.roster.run;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownSettingsTest {

    private final UnknownSettings settings = new UnknownSettings();

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
