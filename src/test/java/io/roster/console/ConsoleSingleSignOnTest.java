package io.roster.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.roster.sim.OidcProviderSimulator;
import io.roster.sim.OidcProviders;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single sign-on to the console through a real authorization code flow with an OpenID Connect provider (a simulator
 * following the specification): a browser (an HTTP client keeping each site's cookies, following redirects between
 * Roster and the provider) is sent to sign in and back, and gets the role its groups give — or is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcProviders.class, restrictToAnnotatedClass = true)
class ConsoleSingleSignOnTest {

    @TestHTTPResource("/")
    URL base;

    OidcProviderSimulator provider;

    private HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.ALWAYS).build();
    }

    private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAdminByGroupSignsInThroughTheProviderAndActsUnderTheirName() throws Exception {
        provider.signsIn(new OidcProviderSimulator.Person("alice@corp.example", List.of("staff", "roster-admin")));
        HttpClient browser = browser();
        String signIn = get(browser, "console/sign-in").body();
        assertTrue(signIn.contains("Sign in with single sign-on"), signIn);
        assertTrue(signIn.contains("name=\"token\""), "tokens still sign in beside it");

        long before = provider.tokensIssued();
        HttpResponse<String> jobs = get(browser, "console/sso");
        assertEquals(before + 1, provider.tokensIssued(), "a code was exchanged for an ID token");
        assertEquals(200, jobs.statusCode(), jobs.body());
        assertTrue(jobs.uri().getPath().endsWith("/console/jobs"), jobs.uri().toString());
        assertTrue(jobs.body().contains(">admin<") && jobs.body().contains("Run now"), jobs.body());

        Matcher form = Pattern.compile("name=\"form\" value=\"([^\"]+)\"").matcher(jobs.body());
        assertTrue(form.find());
        HttpResponse<String> task = browser.send(HttpRequest.newBuilder(URI.create(base + "console/jobs/csv-to-sign/run"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("form=" + form.group(1) + "&dry=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(task.uri().getPath().contains("/console/tasks/"), task.uri().toString());
        String ended = task.body();
        for (int i = 0; i < 300 && ended.contains("http-equiv=\"refresh\""); i++) {
            Thread.sleep(100);
            ended = get(browser, task.uri().getPath().substring(1)).body();
        }
        Matcher run = Pattern.compile("id=\"task-result\" href=\"/([^\"]+)\"").matcher(ended);
        assertTrue(run.find(), ended);
        String runPage = get(browser, run.group(1)).body();
        assertTrue(runPage.contains("by console (alice@corp.example)"), "the run names who started it: " + runPage);
    }

    @Test
    void aViewerByGroupMayOnlyLookAndSomeoneWithNeitherRoleIsRefused() throws Exception {
        provider.signsIn(new OidcProviderSimulator.Person("victor@corp.example", List.of("roster-viewer")));
        HttpClient viewer = browser();
        HttpResponse<String> jobs = get(viewer, "console/sso");
        assertEquals(200, jobs.statusCode());
        assertTrue(jobs.body().contains("read-only"), jobs.body());
        assertFalse(jobs.body().contains("Run now"), "a viewer has no buttons");

        provider.signsIn(new OidcProviderSimulator.Person("mallory@corp.example", List.of("staff")));
        HttpClient stranger = browser();
        HttpResponse<String> refused = get(stranger, "console/sso");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("neither the role roster-admin (admin) nor roster-viewer (read-only)"),
                refused.body());
        HttpResponse<String> page = get(stranger, "console/jobs");
        assertTrue(page.uri().getPath().endsWith("/console/sign-in"), "no console session: " + page.uri());
    }

    /** With single sign-on on, the JSON API still takes its bearer token (it is not sent to the provider). */
    @Test
    void theApiKeepsItsToken() throws Exception {
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "roster/runs"))
                .header("Authorization", "Bearer " + ConsoleTest.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, api.statusCode(), api.body());
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "roster/runs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode(), "no token, no answer; no redirect to the provider either");
    }
}
