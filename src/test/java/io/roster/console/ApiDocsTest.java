package io.roster.console;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP API is described (OpenAPI) and browsable (Swagger UI), by Roster itself; the console's pages are not in it. */
@QuarkusTest
class ApiDocsTest {

    @Test
    void theApiIsDescribedWithItsTokenAndWithoutTheConsole() {
        String doc = given().queryParam("format", "json").get("/q/openapi").asString();
        assertTrue(doc.contains("\"/roster/runs\"") && doc.contains("\"/roster/dead-letters/retry\""), doc);
        assertTrue(doc.contains("\"rosterToken\"") && doc.contains("\"bearer\""), "the bearer token is described");
        assertFalse(doc.contains("/console"), "the console's pages are not API");
        assertEquals(200, given().get("/q/swagger-ui/").statusCode());
    }

    @Test
    void aShortReadOnlyTokenIsRefusedWithoutBeingShown() {
        String shortToken = "viewer-token-too-short";
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new ConsoleSessions(java.util.Optional.empty(), java.util.Optional.of(shortToken),
                        java.time.Duration.ofHours(1), java.time.Clock.systemUTC()));
        assertTrue(e.getMessage().contains("at least 32") && !e.getMessage().contains(shortToken), e.getMessage());
    }
}
