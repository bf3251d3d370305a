package io.roster.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Without roster.api.token the API is off, whatever a request sends; health stays open. */
@QuarkusTest
@TestProfile(ApiOffTest.NoToken.class)
class ApiOffTest {

    public static class NoToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("roster.api.token", "");
        }
    }

    @Test
    void everyApiRequestIsRefusedWithHowToTurnItOn() {
        given().header("Authorization", "Bearer ").post("/roster/jobs/csv-to-sign/run").then().statusCode(403)
                .body("error", containsString("roster.api.token"));
        given().get("/roster/runs").then().statusCode(403);
        given().get("/q/health/live").then().statusCode(200);
    }
}
