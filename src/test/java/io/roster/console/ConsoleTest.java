package io.roster.console;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.roster.report.RunReport;
import io.roster.state.Change;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import io.roster.state.HeldAction;
import io.roster.state.HeldActions;
import io.roster.state.Letter;
import io.roster.state.RunHistory;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console over real HTTP: signing in, what a read-only viewer may not do, forms that need their token,
 * values that render as text (in pages and in the CSV export), pages of a large run, and a path prefix.
 */
@QuarkusTest
class ConsoleTest {

    static final String ADMIN = "test-api-token-3e1f-5b7c-9d2a-4f6e";
    static final String VIEWER = "test-read-only-token-8c2d-41fa-b7e9";

    @Inject
    StateStore state;

    @Inject
    DeadLetters deadLetters;

    @Inject
    HeldActions held;

    @Inject
    RunHistory history;

    @Inject
    ChangeJournal journal;

    @Inject
    io.roster.state.Plans plans;

    @BeforeEach
    void clean() {
        StateTables.clear(state);
        RestAssured.urlEncodingEnabled = true;
    }

    /** A signed-in browser: its cookie and the form token its pages carry. */
    record Browser(String cookie, String formToken) {
    }

    private static Browser signIn(String token) {
        Response r = given().redirects().follow(false).formParam("token", token).post("/console/sign-in");
        assertEquals(303, r.statusCode(), r.asString());
        String setCookie = r.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = r.cookie(ConsoleSessions.COOKIE);
        String page = given().cookie(ConsoleSessions.COOKIE, cookie).get("/console/dead-letters").asString();
        Matcher m = Pattern.compile("name=\"form\" value=\"([^\"]+)\"").matcher(page);
        return new Browser(cookie, m.find() ? m.group(1) : null);
    }

    /**
     * Follows a task a form started (the page it was sent to) until it ends, as its self-reloading page would; returns
     * the ended task's page.
     */
    static String awaitTask(Browser b, String taskPage) {
        long until = System.currentTimeMillis() + 60_000;
        while (true) {
            String page = given().cookie(ConsoleSessions.COOKIE, b.cookie()).get(taskPage).asString();
            if (!page.contains("http-equiv=\"refresh\"")) {
                return page;
            }
            assertTrue(System.currentTimeMillis() < until, "the task ended within a minute: " + page);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The link to a task's result on its page. */
    static String resultOf(String taskPage) {
        Matcher m = Pattern.compile("id=\"task-result\" href=\"([^\"]+)\"").matcher(taskPage);
        assertTrue(m.find(), taskPage);
        return m.group(1);
    }

    private long letter(String record, String reason) {
        RunReport run = new RunReport("hr-to-sign", "run-1", false, "test");
        deadLetters.put(run, new Letter("sign:primary", "x@example.com", record, reason, Map.of("email", record)));
        return deadLetters.list("hr-to-sign").get(0).id();
    }

    @Test
    void everyPageNeedsASignInAndAWrongTokenIsRefused() {
        Response r = given().redirects().follow(false).get("/console/jobs");
        assertEquals(303, r.statusCode());
        assertTrue(r.header("Location").endsWith("/console/sign-in"), r.header("Location"));
        assertTrue(given().get("/console/sign-in").asString().contains("name=\"token\""));
        assertEquals(401, given().formParam("token", "not-the-token-0000000000000000000000").post("/console/sign-in")
                .statusCode());
        Browser admin = signIn(ADMIN);
        Response page = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get("/console/jobs");
        assertEquals(200, page.statusCode());
        assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertFalse(page.asString().contains(ADMIN), "the token is on no page");
    }

    @Test
    void aPersonNamedLikeMarkupOrAFormulaIsShownAsTextAndExportedAsText() {
        letter("<script>alert('x')</script>", "=HYPERLINK(\"http://evil.example\",\"click\")");
        Browser admin = signIn(ADMIN);

        String page = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get("/console/dead-letters").asString();
        assertFalse(page.contains("<script>alert"), page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page);

        String csv = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get("/console/dead-letters/export.csv")
                .asString();
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""), csv);
        assertFalse(csv.contains(",\"=HYPERLINK"), csv);
    }

    @Test
    void anActionNeedsItsFormsTokenAndAnAdmin() {
        long id = letter("ann@example.com", "Sign refused it");
        Browser admin = signIn(ADMIN);
        Browser viewer = signIn(VIEWER);
        assertTrue(admin.formToken() != null && viewer.formToken() != null);

        assertEquals(403, given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .formParam("form", "forged").formParam("id", id).post("/console/dead-letters/discard").statusCode(),
                "a form from elsewhere");
        assertEquals(403, given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).redirects().follow(false)
                .formParam("form", viewer.formToken()).formParam("id", id).post("/console/dead-letters/discard")
                .statusCode(), "read-only");
        assertFalse(given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).get("/console/dead-letters").asString()
                .contains("Discard chosen"), "a viewer is offered no actions");
        assertEquals(DeadLetter.OPEN, deadLetters.get(id).orElseThrow().status());

        assertEquals(303, given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .formParam("form", admin.formToken()).formParam("id", id).post("/console/dead-letters/discard")
                .statusCode());
        assertEquals(DeadLetter.DISCARDED, deadLetters.get(id).orElseThrow().status());
    }

    @Test
    void heldChangesAreApprovedFromTheConsole() {
        held.hold("hr-to-sign", "run-1", List.of(new HeldActions.ToHold("sign:primary", "bob@example.com",
                "bob@example.com", "deactivate", "fp-1", "bob: ACTIVE → INACTIVE", "past holds.deactivate (0)")));
        long id = held.list(List.of("hr-to-sign"), null).get(0).id();
        Browser admin = signIn(ADMIN);
        assertTrue(given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get("/console/held").asString()
                .contains("bob: ACTIVE → INACTIVE"));

        given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false).formParam("form",
                admin.formToken()).formParam("decision", "approved").formParam("id", id).post("/console/held/decide")
                .then().statusCode(303);
        assertEquals(1, held.list(List.of("hr-to-sign"), HeldAction.APPROVED).size(), "approved");
        assertTrue(held.list(List.of("hr-to-sign"), null).isEmpty(), "no longer waiting");
    }

    @Test
    void aLargeRunIsShownAPageAtATimeFilteredByPerson() {
        RunReport run = new RunReport("hr-to-sign", "run-big", false, "test");
        history.begin(run, "test");
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            changes.add(new Change("sign:primary", "p" + i + "@example.com", "update", "u" + i,
                    Map.of("title", "Old"), Map.of("title", "New " + i)));
        }
        journal.appliedAll("hr-to-sign", "run-big", changes, java.util.Set.of());
        history.finish(run, Instant.now());
        Browser admin = signIn(ADMIN);

        String first = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get("/console/runs/run-big").asString();
        assertTrue(first.contains("Page 1 of 3") && first.contains("Changes (250)"), first);
        assertEquals(100, Pattern.compile(">p\\d+@example.com</a></td>").matcher(first).results().count());
        String one = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).queryParam("person", "P7@Example.com")
                .get("/console/runs/run-big").asString();
        assertTrue(one.contains("Changes (1)") && one.contains("New 7"), one);
    }

    @Test
    void behindAProxyUnderAPrefixEveryLinkKeepsThePrefix() {
        Browser admin = signIn(ADMIN);
        String page = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).header("X-Forwarded-Prefix", "/tools/roster")
                .get("/console/jobs").asString();
        assertTrue(page.contains("href=\"/tools/roster/console/runs\""), page);
        assertFalse(page.contains("href=\"/console/"), page);
        Response r = given().redirects().follow(false).header("X-Forwarded-Prefix", "/tools/roster").get("/console/held");
        assertTrue(r.header("Location").endsWith("/tools/roster/console/sign-in"), r.header("Location"));
    }

    /** "Why is this person …?": one page with what Roster changed of them, their dead letters and held changes. */
    @Test
    void aPersonsPageAnswersWhyAcrossRuns() {
        RunReport run = new RunReport("csv-to-sign", "run-p", false, "test");
        history.begin(run, "test");
        journal.appliedAll("csv-to-sign", "run-p", List.of(new Change("sign:primary", "ann+tag@example.com", "update",
                "u1", Map.of("title", "Clerk"), Map.of("title", "Analyst"))), java.util.Set.of());
        history.finish(run, Instant.now());
        deadLetters.put(new RunReport("csv-to-sign", "run-q", false, "test"), new Letter("sign:primary",
                "ann+tag@example.com", "ann+tag@example.com", "Sign refused it: INVALID_EMAIL", Map.of()));
        Browser admin = signIn(ADMIN);

        String runPage = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get("/console/runs/run-p").asString();
        assertTrue(runPage.contains("href=\"/console/people/ann%2Btag%40example.com\""), runPage);
        String person = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).urlEncodingEnabled(false)
                .get("/console/people/ann%2Btag%40example.com").asString();
        assertTrue(person.contains("title: Clerk") && person.contains("title: Analyst"), person);
        assertTrue(person.contains("INVALID_EMAIL"), person);
    }

    /** A job planned from the console shows each change with its reason; a viewer can see it but not apply it. */
    @Test
    void aPlanMadeFromTheConsoleListsEachChangeWithItsReason() {
        Browser admin = signIn(ADMIN);
        Response made = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .formParam("form", admin.formToken()).formParam("job", "csv-to-sign").post("/console/plans");
        assertEquals(303, made.statusCode(), made.asString());
        String task = made.header("Location");
        assertTrue(task.contains("/console/tasks/"), task);
        String ended = awaitTask(admin, task);
        assertTrue(ended.contains("done: planned"), ended);
        String location = resultOf(ended);
        assertTrue(location.startsWith("/console/plans/"), location);
        String plan = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get(location).asString();
        assertTrue(plan.contains("Apply this plan") && plan.contains("<td>create</td>") && plan.contains("source: row"),
                plan);
        Browser viewer = signIn(VIEWER);
        assertFalse(given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).get(location).asString()
                .contains("Apply this plan"));
    }

    /** A job's source as the Database Connector's window shows it, and the settings in effect, no secret among them. */
    @Test
    void aSourcesPageChecksTheConnectionBrowsesTheSchemaAndMasksEverySecret() {
        Browser viewer = signIn(VIEWER);
        String page = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).queryParam("job", "hr-to-signature365")
                .get("/console/sources").asString();
        assertTrue(page.contains("Connection check: OK"), page);
        assertTrue(page.contains("Mapping preview") && page.contains("@example.com"), "sample people, mapped");
        assertTrue(page.contains("STAFF") || page.contains("staff"), "the schema browser lists the table");
        assertTrue(page.contains("roster.api.token") && page.contains("****"), "the token's setting, masked");
        assertFalse(page.contains(ADMIN) || page.contains(VIEWER), "no token on the page");
    }

    /** A refused or unknown thing is a page that says why, not a blank answer; a page past the last is the last. */
    @Test
    void refusalsAndUnknownsSayWhyOnAPage() {
        long id = letter("ann@example.com", "Sign refused it");
        Browser viewer = signIn(VIEWER);
        Response refused = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).redirects().follow(false)
                .formParam("form", viewer.formToken()).formParam("id", id).post("/console/dead-letters/discard");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.asString().contains("read-only: sign in with roster.api.token to act"), refused.asString());
        Response missing = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).get("/console/runs/no-such-run");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.asString().contains("no run no-such-run"), missing.asString());
        assertEquals(401, given().contentType("application/json").get("/roster/runs").statusCode(),
                "the API's answers are its own");

        RunReport run = new RunReport("hr-to-sign", "run-small", false, "test");
        history.begin(run, "test");
        journal.appliedAll("hr-to-sign", "run-small", List.of(new Change("sign:primary", "p@example.com", "update",
                "u1", Map.of("title", "A"), Map.of("title", "B"))), java.util.Set.of());
        history.finish(run, Instant.now());
        String far = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).queryParam("page", "2147483647")
                .get("/console/runs/run-small").asString();
        assertTrue(far.contains("Page 1 of 1") && far.contains("p@example.com"), far);
    }

    /** Each job: where from, where to, its schedule, and why it stands out when its last run failed. */
    @Test
    void eachJobShowsItsSourceTargetScheduleAndWhyItStandsOut() {
        RunReport run = new RunReport("csv-to-sign", "run-broken", false, "test");
        history.begin(run, "test");
        run.error("the CSV file /data/people.csv cannot be read");
        history.finish(run, Instant.now());
        Browser viewer = signIn(VIEWER);
        String page = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).get("/console/jobs").asString();
        assertTrue(page.contains("SQL datasource hr → Signature 365"), page);
        assertTrue(page.contains("CSV file → Adobe Acrobat Sign"), page);
        assertTrue(page.contains("<code>timer://csv-to-sign?period=1h</code> <span class=\"muted\">(off)</span>"),
                "the schedule as written; off while Roster runs once (as tests do)");
        Matcher trouble = Pattern.compile("<tr class=\"trouble\"><td></td><td colspan=\"8\" class=\"problems\">([^<]*)")
                .matcher(page);
        assertTrue(trouble.find() && trouble.group(1).contains("cannot be read"), page);
        assertFalse(page.contains("Run now"), "a viewer has no buttons");
    }

    /** Dead letters are paged and filtered in the store: a store of many letters never comes to the page whole. */
    @Test
    void deadLettersComeAPageAtATimeAndTheirFilterIsTakenLiterally() {
        RunReport run = new RunReport("hr-to-sign", "run-dl", false, "test");
        List<Letter> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add(new Letter("sign:primary", "p" + i + "@example.com", "p" + i + "@example.com",
                    i == 7 ? "quota 100%_used" : "quota 100 used", Map.of()));
        }
        deadLetters.putAll(run, many, null);
        Browser viewer = signIn(VIEWER);
        String first = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).get("/console/dead-letters").asString();
        assertTrue(first.contains("250 letters, page 1 of 3"), first);
        assertEquals(100, Pattern.compile("<td>p\\d+@example.com</td>").matcher(first).results().count());
        String last = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).queryParam("page", "3")
                .get("/console/dead-letters").asString();
        assertEquals(50, Pattern.compile("<td>p\\d+@example.com</td>").matcher(last).results().count());
        String one = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).queryParam("reason", "100%_USED")
                .get("/console/dead-letters").asString();
        assertTrue(one.contains("1 letters") && one.contains("<td>p7@example.com</td>"), "% and _ are not wildcards: " + one);
        String csv = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).get("/console/dead-letters/export.csv")
                .asString();
        assertEquals(251, csv.lines().count(), "the export holds every letter, not a page");
        List<DeadLetter> all = deadLetters.page(new DeadLetters.Filter(null, null, null, null), 0, 3);
        deadLetters.discard(List.of(all.get(1).id()));
        assertEquals(List.of(all.get(0).id(), all.get(2).id()), deadLetters.openByIds(List.of(all.get(0).id(),
                all.get(1).id(), all.get(2).id(), 999_999L)).stream().map(DeadLetter::id).toList(),
                "the chosen letters still open, read by id");
    }

    /** A whole job's held changes are rejected at once; another job's stay held. */
    @Test
    void aJobsHeldChangesAreDecidedAllAtOnce() {
        List<HeldActions.ToHold> hr = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hr.add(new HeldActions.ToHold("sign:primary", "p" + i + "@example.com", "p" + i + "@example.com",
                    "deactivate", "fp-" + i, "p" + i + ": ACTIVE → INACTIVE", "past holds.deactivate (0)"));
        }
        held.hold("hr-to-sign", "run-1", hr);
        held.hold("csv-to-sign", "run-2", List.of(new HeldActions.ToHold("sign:primary", "q@example.com",
                "q@example.com", "deactivate", "fp-q", "q: ACTIVE → INACTIVE", "past holds.deactivate (0)")));
        Browser admin = signIn(ADMIN);
        String page = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).queryParam("job", "hr-to-sign")
                .get("/console/held").asString();
        assertTrue(page.contains("Reject all 3 of hr-to-sign"), page);
        Matcher upto = Pattern.compile("name=\"upto\" value=\"(\\d+)\"").matcher(page);
        assertTrue(upto.find(), page);
        // a run holds one more while the admin reads: "all 3" must not decide a fourth they never saw
        held.hold("hr-to-sign", "run-3", List.of(new HeldActions.ToHold("sign:primary", "late@example.com",
                "late@example.com", "deactivate", "fp-late", "late: ACTIVE → INACTIVE", "past holds.deactivate (0)")));
        Response r = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .formParam("form", admin.formToken()).formParam("all-of-job", "hr-to-sign").formParam("upto", upto.group(1))
                .formParam("count", "3").formParam("decision", "rejected").post("/console/held/decide");
        assertEquals(303, r.statusCode(), r.asString());
        assertTrue(given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get(r.header("Location")).asString()
                .contains("Rejected: 3"));
        assertEquals(3, held.list(List.of("hr-to-sign"), HeldAction.REJECTED).size());
        assertEquals(1, held.list(List.of("csv-to-sign"), null).size(), "the other job's change still waits");
        assertEquals(List.of("late@example.com"), held.list(List.of("hr-to-sign"), null).stream().map(HeldAction::email)
                .toList(), "the change held after the page was read still waits");
        held.decide(List.of(held.list(List.of("hr-to-sign"), null).get(0).id()), HeldAction.APPROVED, "test");
        assertEquals(409, given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .formParam("form", admin.formToken()).formParam("all-of-job", "hr-to-sign").formParam("upto", "999999")
                .formParam("count", "1").formParam("decision", "approved").post("/console/held/decide").statusCode(),
                "what the page showed is no longer held: refused, reload");
    }

    /** Another site cannot sign an admin out: signing out takes the form's token too. */
    @Test
    void signingOutTakesTheFormsToken() {
        Browser admin = signIn(ADMIN);
        assertEquals(403, given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .post("/console/sign-out").statusCode());
        assertEquals(200, given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .get("/console/jobs").statusCode(), "still signed in");
        assertEquals(303, given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .formParam("form", admin.formToken()).post("/console/sign-out").statusCode());
        assertEquals(303, given().cookie(ConsoleSessions.COOKIE, admin.cookie()).redirects().follow(false)
                .get("/console/jobs").statusCode(), "signed out: sent to sign in");
    }

    /** A field named like a secret that a mapping sent is journaled as sent, and shown masked. */
    @Test
    void aSecretAFieldCarriesIsMaskedOnThePage() {
        RunReport run = new RunReport("hr-to-sign", "run-secret", false, "test");
        history.begin(run, "test");
        journal.appliedAll("hr-to-sign", "run-secret", List.of(new Change("sign:primary", "p@example.com", "update",
                "u1", Map.of("apiToken", "old-9f8e7d6c5b4a"), Map.of("apiToken", "new-1a2b3c4d5e6f"))),
                java.util.Set.of());
        history.finish(run, Instant.now());
        Browser admin = signIn(ADMIN);
        String page = given().cookie(ConsoleSessions.COOKIE, admin.cookie()).get("/console/runs/run-secret").asString();
        assertTrue(page.contains("apiToken: ****"), page);
        assertFalse(page.contains("9f8e7d6c5b4a") || page.contains("1a2b3c4d5e6f"), page);
    }

    /** A large plan is shown a page at a time too, and filtered to one person in the store. */
    @Test
    void aLargePlanIsShownAPageAtATime() {
        List<io.roster.state.Plans.Planned> changes = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            changes.add(new io.roster.state.Plans.Planned("sign:primary", "p" + i + "@example.com", "p" + i + "@example.com",
                    "update", "fp" + i, "title", Map.of("title", "Old"), Map.of("title", "New " + i), "source: row " + i,
                    false));
        }
        plans.save("plan-big", "csv-to-sign", Instant.now().plusSeconds(3600), changes);
        Browser viewer = signIn(VIEWER);
        String first = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).get("/console/plans/plan-big").asString();
        assertTrue(first.contains("250 changes, page 1 of 3"), first);
        assertEquals(100, Pattern.compile(">p\\d+@example.com</a></td>").matcher(first).results().count());
        String last = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).queryParam("page", "3")
                .get("/console/plans/plan-big").asString();
        assertEquals(50, Pattern.compile(">p\\d+@example.com</a></td>").matcher(last).results().count());
        assertTrue(last.contains("New 249") && !last.contains("New 149<"), last);
        String one = given().cookie(ConsoleSessions.COOKIE, viewer.cookie()).queryParam("person", "P42@example.com")
                .get("/console/plans/plan-big").asString();
        assertTrue(one.contains("1 changes") && one.contains("New 42"), one);
    }
}
