package io.roster.e2e;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Requests to Roster's HTTP API, with the test profile's token (roster.api.token). */
final class Api {

    static final String TOKEN = "test-api-token-3e1f-5b7c-9d2a-4f6e";

    private Api() {
    }

    static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
    }

    /** A console page as an admin signed in with the token sees it. */
    static String console(String path) {
        String cookie = RestAssured.given().redirects().follow(false).formParam("token", TOKEN)
                .post("/console/sign-in").cookie("roster_console");
        return RestAssured.given().cookie("roster_console", cookie).get(path).asString();
    }
}
