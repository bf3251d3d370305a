package io.roster.mapping;

import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonMapperTest {

    private final PersonMapper mapper = new PersonMapper();

    private static SourceRows rows(List<String> columns, String[]... values) {
        List<SourceRow> rows = new ArrayList<>();
        for (String[] v : values) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i), v[i]);
            }
            rows.add(new SourceRow(rows.size() + 1, rows.size() + 2, m));
        }
        return new SourceRows("test", columns, rows);
    }

    @Test
    void keysByTrimmedNfcLowerCaseEmailAndMergesGroupsOfRepeatedRows() {
        String decomposed = "Zoe\u0308@Example.com "; // e + combining diaeresis
        MappedPeople out = mapper.map(rows(List.of("email", "firstname", "lastname", "country", "groups"),
                        new String[]{decomposed, "Zoë", "D", "FR", "Sales"},
                        new String[]{"zoë@example.com", "Zoë", "D", "FR", "Admins, Sales"}),
                new MappingSpec(null));

        assertEquals(1, out.people().size());
        Person p = out.people().iterator().next();
        assertEquals("zoë@example.com", p.key());
        assertEquals(List.of("Sales", "Admins"), List.copyOf(p.groups()));
        assertTrue(out.rejections().isEmpty());
    }

    @Test
    void everyValueIsMappedInOneUnicodeForm() {
        MappedPeople out = mapper.map(rows(List.of("email", "firstname", "lastname", "country", "groups"),
                        new String[]{"jose@example.com", "Jose\u0301", "Mu\u0308ller", "ES", "Sa\u0301les"}),
                new MappingSpec(null));

        Person p = out.people().iterator().next();
        assertEquals("Jos\u00e9", p.field("firstName"), "e + combining acute becomes é");
        assertEquals("M\u00fcller", p.field("lastName"));
        assertEquals(List.of("S\u00e1les"), List.copyOf(p.groups()));
    }

    @Test
    void computesDefaultsAndConditionalValues() {
        Map<String, FieldRule> fields = new LinkedHashMap<>();
        fields.put("email", FieldRule.format("{mail}"));
        fields.put("displayName", FieldRule.format("{first} {last}"));
        fields.put("country", new FieldRule("{country}", null, "US"));
        fields.put("role", new FieldRule(null, List.of(
                new FieldRule.Condition("dept", "Engineering", null, null, "developer")), "user"));
        MappedPeople out = mapper.map(rows(List.of("mail", "first", "last", "country", "dept"),
                        new String[]{"a@example.com", "Ann", "Able", "", "engineering"},
                        new String[]{"b@example.com", "Bob", "", "DE", "Sales"}),
                new MappingSpec(fields));

        Map<String, Person> byKey = new LinkedHashMap<>();
        out.people().forEach(p -> byKey.put(p.key(), p));
        assertEquals("Ann Able", byKey.get("a@example.com").field("displayName"));
        assertEquals("US", byKey.get("a@example.com").field("country"));
        assertEquals("developer", byKey.get("a@example.com").field("role"));
        assertEquals("Bob", byKey.get("b@example.com").field("displayName"));
        assertEquals("DE", byKey.get("b@example.com").field("country"));
        assertEquals("user", byKey.get("b@example.com").field("role"));
    }

    @Test
    void conditionsMatchByListAndPatternAndRenderTheirValueFormat() {
        Map<String, FieldRule> fields = new LinkedHashMap<>();
        fields.put("email", FieldRule.format("{mail}"));
        fields.put("title", new FieldRule("{title}", List.of(
                new FieldRule.Condition("dept", null, List.of(" Legal", "Finance "), null, "{dept} office"),
                new FieldRule.Condition("code", null, null, "E-\\d{3}", "Engineer {code}")), null));
        MappedPeople out = mapper.map(rows(List.of("mail", "dept", "code", "title"),
                        new String[]{"a@example.com", "finance", "", "Clerk"},
                        new String[]{"b@example.com", "R&D", "E-042", "Dev"},
                        new String[]{"c@example.com", "R&D", "E-4200", "Dev"}),
                new MappingSpec(fields));

        Map<String, String> titles = new LinkedHashMap<>();
        out.people().forEach(p -> titles.put(p.key(), p.field("title")));
        assertEquals(Map.of("a@example.com", "finance office", "b@example.com", "Engineer E-042",
                "c@example.com", "Dev"), titles);
    }

    @Test
    void anInvalidPatternIsRefusedWhenTheJobIsReadNamingTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FieldRule.Condition("code", null, null, "E-(\\d", "x"));
        assertTrue(e.getMessage().contains("'code'") && e.getMessage().contains("E-(\\d"), e.getMessage());
    }

    @Test
    void rejectsBadRowsByRowAndFieldAndHoldsConflictingEmails() {
        MappedPeople out = mapper.map(rows(List.of("email", "firstname", "lastname", "country", "groups"),
                        new String[]{"", "No", "Mail", "", ""},
                        new String[]{"not-an-email", "Bad", "Mail", "", ""},
                        new String[]{"c@example.com", "Cy", "Cole", "US", ""},
                        new String[]{"C@example.com", "Cy", "Kohl", "US", ""},
                        new String[]{"d@example.com", "D\u0007", "Dunn", "US", ""},
                        new String[]{"e@example.com", "Ed", "Eve", "US", ""}),
                new MappingSpec(null));

        assertEquals(1, out.people().size(), "only e@ is clean");
        assertEquals(5, out.rejections().size());
        assertTrue(out.rejections().get(0).message().startsWith("row 1 (line 2), field 'email'"), out.rejections().get(0).message());
        assertTrue(out.rejections().stream().anyMatch(r -> r.field().equals("firstName") && r.reason().contains("control")));
        assertTrue(out.rejections().stream().anyMatch(r -> r.field().equals("lastName") && r.reason().contains("'Cole' vs 'Kohl'")));
        assertEquals(java.util.Set.of("c@example.com", "d@example.com"), out.held());
    }

    @Test
    void aMappingThatReadsAMissingColumnNamesFieldAndColumn() {
        Map<String, FieldRule> fields = Map.of("email", FieldRule.format("{mail}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mapper.map(rows(List.of("email"), new String[]{"a@example.com"}), new MappingSpec(fields)));
        assertTrue(e.getMessage().contains("'email'") && e.getMessage().contains("'mail'"), e.getMessage());
    }

    @Test
    void aMappingWithoutEmailIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MappingSpec(Map.of("firstName", FieldRule.format("{f}"))));
    }
}
