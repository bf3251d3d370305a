package io.roster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.sim.SignSimulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From the User Sync Tool to Roster, with the packaged application: {@code roster run --ust-config} runs from UST's own
 * files as they are; {@code roster import-ust} writes the job file and settings that stand for them; run from those,
 * the plan is the same. A key Roster cannot take stops it before anything runs, naming the file and line.
 */
class UstConfigIT {

    static final Path DIR = Path.of("target/ust-it").toAbsolutePath();
    static final String KEY = "ust-it-integration-key-4b8e";

    record Result(int exit, String out, String err) {
    }

    /** UST's files for a CSV identity source into one Sign account (the simulator), as an admin has them. */
    private static Path ustFiles(SignSimulator sign) throws Exception {
        Path ust = DIR.resolve("ust");
        Files.createDirectories(ust);
        Files.writeString(ust.resolve("sign-sync-config.yml"), """
                sign_orgs:
                  primary: connector-sign.yml
                identity_source:
                  type: csv
                  connector: connector-csv.yml
                user_sync:
                  sign_only_limit: 100
                  sign_only_user_action: reset
                user_management:
                  - directory_group: Sales Managers
                    sign_group: Sales
                    group_admin: True
                  - directory_group: Sales
                    sign_group: Sales
                  - directory_group: Engineering
                    sign_group: Engineering
                  - directory_group: Sign Admins
                    sign_group:
                    account_admin: True
                cache:
                  path: cache/sign
                connection:
                  request_concurrency: 4
                invocation_defaults:
                  users: mapped
                  test_mode: False
                """);
        Files.writeString(ust.resolve("connector-sign.yml"), """
                host: %s
                integration_key: %s
                admin_email: sign-admin@example.com
                create_users: True
                deactivate_users: False
                """.formatted(sign.baseUrl(), KEY));
        Files.writeString(ust.resolve("connector-csv.yml"), """
                file_path: people.tsv
                email_column_name: mail
                """);
        Files.writeString(ust.resolve("people.tsv"), String.join("\n",
                "firstname\tlastname\tmail\tcountry\tgroups",
                "Ann\tAble\tann@example.com\tUS\tSales",
                "Bob\tBaker\tbob@example.com\tUS\tSales,Sales Managers",
                "Cy\tCole\tcy@example.com\tUS\tEngineering,Sign Admins",
                "Di\tDunn\tdi@example.com\tUS\tMarketing", ""));
        sign.addUser("gone@example.com", "Gone", "Away", "Sales", false, false, "ACTIVE");
        return ust.resolve("sign-sync-config.yml");
    }

    @Test
    void ustsOwnFilesAndTheImportedJobPlanTheSame() throws Exception {
        try (SignSimulator sign = new SignSimulator(KEY)) {
            Path config = ustFiles(sign);

            Result direct = roster("direct", List.of(), "run", "--ust-config", config.toString(), "--dry-run", "--json");
            assertEquals(0, direct.exit, direct.err);
            assertTrue(direct.err.contains("not taken from UST's files: roster.sign.concurrency"),
                    "the environment's ROSTER_SIGN_CONCURRENCY stands: " + direct.err);
            assertTrue(direct.err.contains("roster: note: connector-sign.yml:2: integration_key is not read from the"
                    + " file: set ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY"), direct.err);
            assertTrue(direct.err.contains("roster: note: sign-sync-config.yml:20: cache is not used"), direct.err);
            JsonNode report = new ObjectMapper().readTree(direct.out).get(0);
            assertEquals("csv-to-sign", report.path("job").asText());
            assertEquals(3, report.path("counts").path("created").asInt(), direct.out);
            assertEquals(0, sign.users().stream().filter(u -> u.email.equals("ann@example.com")).count(),
                    "a dry run writes nothing");

            Path out = DIR.resolve("imported");
            Result imported = roster("import", List.of(), "import-ust", config.toString(), "--out", out.toString());
            assertEquals(0, imported.exit, imported.err);
            assertTrue(imported.out.contains("ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY"), imported.out);
            String files = Files.readString(out.resolve("jobs/csv-to-sign.yaml")) + Files.readString(out.resolve(
                    "roster.properties"));
            assertFalse(files.contains(KEY), "the key is not copied out of UST's file");

            Result fromImport = roster("from-import", List.of("-Dquarkus.config.locations="
                    + out.resolve("roster.properties").toUri()), "run", "csv-to-sign", "--dry-run", "--json");
            assertEquals(0, fromImport.exit, fromImport.err);
            JsonNode again = new ObjectMapper().readTree(fromImport.out).get(0);
            assertEquals(report.path("counts"), again.path("counts"));
            assertEquals(actions(report), actions(again), "the same plan, change for change");
            assertTrue(actions(report).contains("gone@example.com reset"), "UST's sign_only_user_action: "
                    + actions(report));
        }
    }

    @Test
    void aKeyRosterCannotTakeStopsItBeforeAnythingRuns() throws Exception {
        try (SignSimulator sign = new SignSimulator(KEY)) {
            Path config = ustFiles(sign);
            Files.writeString(config, Files.readString(config).replace("user_sync:\n", "user_sync:\n  exclude_identity_types: [adobeID]\n"));
            Result r = roster("refused", List.of(), "run", "--ust-config", config.toString());
            assertEquals(2, r.exit, r.err);
            assertTrue(r.err.contains("roster: sign-sync-config.yml:7: exclude_identity_types is not a key of user_sync"), r.err);
            assertTrue(r.err.contains("roster: nothing was run"), r.err);
            assertEquals(0, sign.totalCalls(), "Sign was not asked anything");

            Files.writeString(config, Files.readString(config).replace("  exclude_identity_types: [adobeID]\n", ""));
            Result other = roster("other-job", List.of(), "run", "hr-to-signature365", "--ust-config", config.toString());
            assertEquals(2, other.exit, other.err);
            assertTrue(other.err.contains("the job is csv-to-sign, not hr-to-signature365"), other.err);
        }
    }

    private static TreeSet<String> actions(JsonNode report) {
        TreeSet<String> out = new TreeSet<>();
        report.path("actions").forEach(a -> out.add(a.path("email").asText() + " " + a.path("action").asText()));
        return out;
    }

    private static Result roster(String name, List<String> jvm, String... args) throws Exception {
        RosterJar.Result r = RosterJar.run(DIR, name, jvm, Map.of("ROSTER_SIGN_ORGS_PRIMARY_INTEGRATION_KEY", KEY,
                "ROSTER_SIGN_CONCURRENCY", "3"), List.of(args));
        return new Result(r.exit(), r.out(), r.err());
    }
}
