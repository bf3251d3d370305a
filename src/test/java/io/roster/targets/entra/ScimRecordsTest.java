package io.roster.targets.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roster.config.JobConfigException;
import io.roster.plan.EntraRules;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScimRecordsTest {

    private final ScimRecords scim = new ScimRecords();

    @Test
    void eachAttributeGoesWhereMicrosoftsScimSchemaPutsItAndAnEmptyOneIsUnassigned() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("jobTitle", "Analyst");
        values.put("department", "Finance");
        values.put("mobilePhone", "+1 212 555 0104");
        values.put("businessPhones", "");
        values.put("city", "New York");
        values.put("extensionAttribute1", "FIN-200");
        ObjectNode r = scim.record("1004", values, provisioning(Map.of()));

        assertEquals("1004", r.get("externalId").asText());
        assertEquals("Analyst", r.get("title").asText());
        assertEquals("Finance", r.get(ScimRecords.ENTERPRISE).get("department").asText());
        assertEquals("+1 212 555 0104", phone(r, "mobile").get("value").asText());
        assertTrue(phone(r, "work").get("value").isNull(), "emptied: SCIM's null");
        assertEquals(2, r.get("phoneNumbers").size());
        assertEquals("New York", r.get("addresses").get(0).get("locality").asText());
        assertEquals("work", r.get("addresses").get(0).get("type").asText());
        assertEquals("FIN-200", r.get(ScimRecords.ROSTER).get("extensionAttribute1").asText());
        assertEquals("[\"" + ScimRecords.CORE + "\",\"" + ScimRecords.ENTERPRISE + "\",\"" + ScimRecords.ROSTER + "\"]",
                r.get("schemas").toString());
    }

    @Test
    void aJobFilesPathReplacesRostersDefault() {
        String office = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:office";
        ObjectNode r = scim.record("7", Map.of("officeLocation", "Leeds"), provisioning(Map.of("officeLocation", office)));
        assertEquals("Leeds", r.get("urn:ietf:params:scim:schemas:extension:contoso:1.0:User").get("office").asText());
        assertTrue(r.get("schemas").toString().contains("extension:contoso:1.0:User"));
    }

    @Test
    void aBulkRequestHoldsPostOperationsToUsers() {
        ObjectNode body = scim.bulkRequest(Map.of("u-1", scim.record("1", Map.of(), provisioning(Map.of()))));
        assertEquals(ScimRecords.BULK_REQUEST, body.get("schemas").get(0).asText());
        assertEquals("POST", body.get("Operations").get(0).get("method").asText());
        assertEquals("/Users", body.get("Operations").get(0).get("path").asText());
        assertEquals("u-1", body.get("Operations").get(0).get("bulkId").asText());
    }

    @Test
    void anUnknownAttributeAMatchRosterCannotReadOrAPathItCannotBuildIsRefusedAtStart() {
        JobConfigException attribute = assertThrows(JobConfigException.class, () -> ScimRecords.check("j",
                provisioning(Map.of("jobtitle", "title"))));
        assertTrue(attribute.getMessage().contains("'jobtitle' is not an Entra ID attribute"), attribute.getMessage());
        JobConfigException path = assertThrows(JobConfigException.class, () -> ScimRecords.check("j",
                provisioning(Map.of("jobTitle", "title[value]"))));
        assertTrue(path.getMessage().contains("not a SCIM attribute path"), path.getMessage());
        JobConfigException match = assertThrows(JobConfigException.class, () -> ScimRecords.check("j",
                EntraRules.Provisioning.parse("sp", "job", "department", null)));
        assertTrue(match.getMessage().contains("entra.provisioning.match 'department'"), match.getMessage());
        ScimRecords.check("j", provisioning(Map.of("jobTitle", "urn:ietf:params:scim:schemas:extension:x:1.0:User:t")));
    }

    private static com.fasterxml.jackson.databind.JsonNode phone(ObjectNode r, String type) {
        for (com.fasterxml.jackson.databind.JsonNode p : r.get("phoneNumbers")) {
            if (p.get("type").asText().equals(type)) {
                return p;
            }
        }
        throw new AssertionError("no " + type + " phone in " + r);
    }

    private static EntraRules.Provisioning provisioning(Map<String, String> paths) {
        return EntraRules.Provisioning.parse("sp", "job", null, paths);
    }
}
