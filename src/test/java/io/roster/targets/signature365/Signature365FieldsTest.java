package io.roster.targets.signature365;

import io.roster.config.JobConfigException;
import io.roster.mapping.FieldRule;
import io.roster.mapping.MappingSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Signature365FieldsTest {

    final Signature365Fields fields = new Signature365Fields(List.of("FirstName", "JobTitle"), List.of("CostCentre"));

    static MappingSpec mapping(String... fields) {
        Map<String, FieldRule> m = new LinkedHashMap<>();
        m.put("email", FieldRule.format("{mail}"));
        for (String f : fields) {
            m.put(f, FieldRule.format("{x}"));
        }
        return new MappingSpec(m);
    }

    @Test
    void standardAndDeclaredCustomTokensPass() {
        assertDoesNotThrow(() -> fields.check("j", mapping("FirstName", "CostCentre")));
    }

    @Test
    void anUndeclaredTokenIsNamedWithWhereToDeclareIt() {
        String m = assertThrows(JobConfigException.class, () -> fields.check("j", mapping("Nickname"))).getMessage();
        assertTrue(m.contains("'Nickname'") && m.contains("roster.signature365.custom-fields") && m.contains("CostCentre"), m);
    }

    @Test
    void aTokenInTheWrongCaseIsNamedWithTheRightOne() {
        String m = assertThrows(JobConfigException.class, () -> fields.check("j", mapping("jobtitle"))).getMessage();
        assertTrue(m.contains("did you mean 'JobTitle'"), m);
    }

    @Test
    void groupsIsNoSignature365Field() {
        assertThrows(JobConfigException.class, () -> fields.check("j", mapping("groups")));
    }
}
