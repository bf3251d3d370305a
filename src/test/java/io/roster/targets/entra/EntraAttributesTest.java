package io.roster.targets.entra;

import io.roster.config.JobConfigException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntraAttributesTest {

    @Test
    void anAttributeRosterDoesNotWriteIsNamedWithWhatToDoInstead() {
        EntraAttributes.check("hr-to-entra", List.of("email", "jobTitle", "businessPhones", "extensionAttribute15"));
        String typo = assertThrows(JobConfigException.class,
                () -> EntraAttributes.check("hr-to-entra", List.of("email", "jobtitle"))).getMessage();
        assertTrue(typo.contains("'jobtitle' is not an Entra ID user attribute") && typo.contains("did you mean jobTitle?"),
                typo);
        String unknown = assertThrows(JobConfigException.class,
                () -> EntraAttributes.check("hr-to-entra", List.of("extensionAttribute16"))).getMessage();
        assertTrue(unknown.contains("'extensionAttribute16'") && unknown.contains("extensionAttribute1–15"), unknown);
        String matched = assertThrows(JobConfigException.class,
                () -> EntraAttributes.check("hr-to-entra", List.of("mail"))).getMessage();
        assertTrue(matched.contains("'mail' is not written to Entra ID: it is how people are matched"), matched);
        String state = assertThrows(JobConfigException.class,
                () -> EntraAttributes.check("hr-to-entra", List.of("accountEnabled"))).getMessage();
        assertTrue(state.contains("never enables or disables"), state);
    }

    @Test
    void aPatchNestsExtensionAttributesHoldsOnePhoneAndClearsWithNull() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("jobTitle", "Lead");
        fields.put("department", "");
        fields.put("businessPhones", "+1 555 0100");
        fields.put("extensionAttribute2", "CC-9");
        fields.put("extensionAttribute3", "");
        Map<String, Object> body = EntraAttributes.patchBody(fields);
        assertEquals("Lead", body.get("jobTitle"));
        assertTrue(body.containsKey("department") && body.get("department") == null, "cleared: null");
        assertEquals(List.of("+1 555 0100"), body.get("businessPhones"));
        Map<?, ?> ext = (Map<?, ?>) body.get("onPremisesExtensionAttributes");
        assertEquals("CC-9", ext.get("extensionAttribute2"));
        assertTrue(ext.containsKey("extensionAttribute3") && ext.get("extensionAttribute3") == null);
        assertEquals(List.of(), EntraAttributes.patchBody(Map.of("businessPhones", "")).get("businessPhones"));
    }

    @Test
    void theSelectReadsWhatMatchingAndTheMappingNeed() {
        assertEquals("department,id,mail,onPremisesDistinguishedName,onPremisesExtensionAttributes,onPremisesSyncEnabled,"
                + "proxyAddresses,userPrincipalName", EntraAttributes.select(List.of("email", "department", "extensionAttribute4")));
    }
}
