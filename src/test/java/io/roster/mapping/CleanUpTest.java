package io.roster.mapping;

import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanUpTest {

    private static SourceRows rows(Map<String, String> values) {
        return new SourceRows("test.csv", List.of("email", "firstname", "lastname", "country", "groups"),
                List.of(new SourceRow(1, 2, values)));
    }

    private static final MappingSpec SPEC = MappingSpec.of(MappingSpec.ustDefaults());

    @Test
    void spacesAreTrimmedAndCountedByDefaultAndALineBreakRejects() {
        MappedPeople out = new PersonMapper().map(rows(Map.of("email", " ann@example.com ", "firstname", "  Ann",
                "lastname", "Lee\nSmith", "country", "US", "groups", "Sales")), SPEC, CleanUp.DEFAULT);
        assertEquals(1, out.rejections().size(), "a line break is not folded unless allowed");
        assertTrue(out.rejections().get(0).reason().contains("a line break"), out.rejections().get(0).reason());
        assertEquals(Map.of("email: spaces trimmed", 1, "firstname: spaces trimmed", 1), out.cleanedUp());
    }

    @Test
    void foldingALineBreakIsAnAdminsChoiceAndIsCounted() {
        MappedPeople out = new PersonMapper().map(rows(Map.of("email", "ann@example.com", "firstname", "Ann",
                "lastname", "Lee \r\n Smith", "country", "US", "groups", "Sales")), SPEC, new CleanUp(true, true));
        assertTrue(out.rejections().isEmpty(), out.rejections().toString());
        assertEquals("Lee Smith", out.people().iterator().next().field("lastName"));
        assertEquals(Map.of("lastname: line breaks folded", 1), out.cleanedUp());
    }

    @Test
    void withoutTrimmingASpaceStaysAsWritten() {
        MappedPeople out = new PersonMapper().map(rows(Map.of("email", "ann@example.com", "firstname", " Ann",
                "lastname", "Lee", "country", "US", "groups", "Sales")), SPEC, new CleanUp(false, false));
        assertEquals(" Ann", out.people().iterator().next().field("firstName"));
        assertTrue(out.cleanedUp().isEmpty());
    }
}
