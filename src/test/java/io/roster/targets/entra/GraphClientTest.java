package io.roster.targets.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.plan.EntraUser;
import io.roster.plan.EntraRules;
import io.roster.sim.GraphSimulator;
import io.roster.targets.http.HttpRetries;
import io.roster.targets.http.RequestCounter;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.Sleeper;
import io.roster.targets.http.TargetHttpClients;
import io.roster.targets.http.ThrottleGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roster's Graph client against the Graph simulator: paged reads, batched writes, throttling, tokens. */
class GraphClientTest {

    static final String SECRET = "graph-client-secret-canary-4e1d";
    static GraphSimulator graph;
    static final java.util.concurrent.ExecutorService WRITERS = java.util.concurrent.Executors.newFixedThreadPool(3);

    final List<Duration> slept = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        graph = new GraphSimulator("contoso", "app-1", SECRET);
    }

    @AfterAll
    static void stop() {
        graph.close();
        WRITERS.shutdownNow();
    }

    @BeforeEach
    void clean() {
        graph.reset();
        slept.clear();
    }

    private GraphClient client(String secret) {
        HttpClient http = TargetHttpClients.build(Duration.ofSeconds(5));
        RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(5));
        Sleeper sleeper = slept::add;
        HttpRetries retries = new HttpRetries(retry, new ThrottleGate(Clock.systemUTC()), sleeper, RequestCounter.NONE,
                Duration.ofSeconds(5));
        GraphToken token = new GraphToken(graph.tokenUrl(), "app-1", secret, "https://graph.microsoft.com/.default",
                http, Duration.ofSeconds(5), Clock.systemUTC()).retriedBy(retries);
        return new GraphClient(graph.baseUrl(), token, http, Duration.ofSeconds(5), retries, retry, new ObjectMapper(),
                WRITERS);
    }

    @Test
    void readsEveryUserPageByPageWithOnlyTheSelectedPropertiesThenADeltaLink() {
        for (int i = 0; i < 2100; i++) {
            graph.addUser("u" + i + "@contoso.com", i % 3 == 0 ? null : "U" + i + "@contoso.com", i == 7, "smtp:alias" + i
                    + "@contoso.com");
        }
        graph.user("u1@contoso.com").properties.put("jobTitle", "Engineer");
        graph.user("u1@contoso.com").extensionAttributes.put("extensionAttribute3", "CC-1");

        GraphClient client = client(SECRET);
        GraphClient.DeltaRead read = client.delta(client.deltaStart(EntraAttributes.select(List.of("jobTitle",
                "extensionAttribute3"))));
        List<EntraUser> users = read.users().stream().map(GraphClient::user).toList();

        assertEquals(2100, users.size());
        assertEquals(5, graph.calls("GET users/delta"), "500 a page, as Graph chose; then a delta link");
        assertTrue(read.deltaLink().contains("$deltatoken="), read.deltaLink());
        EntraUser u1 = users.stream().filter(u -> u.userPrincipalName().equals("u1@contoso.com")).findFirst()
                .orElseThrow();
        assertEquals("Engineer", u1.values().get("jobTitle"));
        assertEquals("CC-1", u1.values().get("extensionAttribute3"));
        assertEquals("", u1.values().get("extensionAttribute4"));
        assertEquals(List.of("smtp:alias1@contoso.com"), u1.proxyAddresses());
        assertNull(u1.values().get("department"), "not selected, not read");
        assertTrue(users.stream().filter(u -> u.userPrincipalName().equals("u7@contoso.com")).findFirst().orElseThrow()
                .synced());
        assertNull(users.stream().filter(u -> u.userPrincipalName().equals("u0@contoso.com")).findFirst().orElseThrow()
                .mail(), "no mailbox: no mail");
    }

    @Test
    void writesTwentyToABatchAndSendsAThrottledOneAgainAfterItsRetryAfter() {
        List<GraphClient.Patch> patches = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            GraphSimulator.User u = graph.addUser("p" + i + "@contoso.com", "p" + i + "@contoso.com", false);
            patches.add(new GraphClient.Patch(u.id, Map.of("jobTitle", "Title " + i, "businessPhones", "+1 555 0" + i,
                    "extensionAttribute1", "E" + i)));
        }
        graph.throttleInBatch(3);

        List<GraphClient.Result> results = client(SECRET).patch(patches);

        assertTrue(results.stream().allMatch(GraphClient.Result::ok), results.toString());
        assertEquals(45, results.size());
        assertEquals(patches.get(12), results.get(12).patch(), "in order, whatever order Graph answered in");
        assertEquals("Title 44", graph.user("p44@contoso.com").get("jobTitle"));
        assertEquals("+1 555 044", graph.user("p44@contoso.com").get("businessPhones"));
        assertEquals("E44", graph.user("p44@contoso.com").extensionAttributes.get("extensionAttribute1"));
        assertEquals(45, graph.calls("PATCH users/{id}"), "each applied once");
        assertEquals(6, graph.calls("POST $batch"), "3 batches of up to 20, and one more for each throttled request");
        assertTrue(slept.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(900)) >= 0),
                "waited, at the account's gate, for the throttled request's Retry-After of 1 s");
    }

    @Test
    void uploadsRecordsFiftyToABulkRequestAndAThrottledOneWaitsItsRetryAfter() {
        graph.provisioningApp("sp-1", "API2AAD.1");
        ScimRecords scim = new ScimRecords();
        EntraRules.Provisioning p = EntraRules.Provisioning.parse("sp-1", "API2AAD.1", null, null);
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> records = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            records.put("u" + i, scim.record(Integer.toString(i), Map.of("jobTitle", "T" + i), p));
        }
        graph.throttleRequests(1);

        List<GraphClient.Result> results = client(SECRET).upload("sp-1", "API2AAD.1", records, scim);

        assertEquals(120, results.size());
        assertTrue(results.stream().allMatch(r -> r.ok() && r.status() == 202), results.toString());
        assertEquals(3, graph.calls("POST bulkUpload"), "50, 50 and 20 operations");
        assertEquals(4, graph.requests(), "and one throttled, sent again");
        assertEquals(120, graph.provisioningOperations(), "each record taken once");
        assertTrue(slept.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(900)) >= 0), slept.toString());
    }

    @Test
    void anUploadToAJobThatDoesNotExistFailsItsRecordsWithGraphsReason() {
        graph.provisioningApp("sp-1", "API2AAD.1");
        ScimRecords scim = new ScimRecords();
        EntraRules.Provisioning p = EntraRules.Provisioning.parse("sp-1", "API2AAD.wrong", null, null);
        List<GraphClient.Result> results = client(SECRET).upload("sp-1", "API2AAD.wrong",
                Map.of("u1", scim.record("1", Map.of("jobTitle", "T"), p)), scim);
        assertEquals(1, results.size());
        assertFalse(results.get(0).ok());
        assertTrue(results.get(0).message().contains("HTTP 404 Request_ResourceNotFound"), results.get(0).message());
        assertEquals(0, graph.provisioningOperations());
    }

    @Test
    void aBatchThatFailsAsAWholeFailsOnlyItsOwnPatchesAndTheOthersLandedAreKept() {
        List<GraphClient.Patch> patches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            GraphSimulator.User u = graph.addUser("f" + i + "@contoso.com", "f" + i + "@contoso.com", false);
            patches.add(new GraphClient.Patch(u.id, Map.of("jobTitle", "T" + i)));
        }
        graph.failBatchesWith(patches.get(3).userId()); // the first 20 go in a batch Graph keeps failing

        List<GraphClient.Result> results = client(SECRET).patch(patches);

        assertEquals(40, results.size());
        assertTrue(results.subList(0, 20).stream().allMatch(r -> r.code().equals(GraphClient.NOT_SENT)),
                results.subList(0, 20).toString());
        assertTrue(results.subList(20, 40).stream().allMatch(GraphClient.Result::ok), "the other batch landed, and says so");
        assertEquals("T39", graph.user("f39@contoso.com").get("jobTitle"));
    }

    @Test
    void aSyncedUserOrAnUnknownOneIsRefusedOnItsOwnAndAnEmptyValueClears() {
        GraphSimulator.User cloud = graph.addUser("c@contoso.com", "c@contoso.com", false);
        cloud.properties.put("department", "Old");
        GraphSimulator.User synced = graph.addUser("s@contoso.com", "s@contoso.com", true);

        List<GraphClient.Result> results = client(SECRET).patch(List.of(
                new GraphClient.Patch(cloud.id, Map.of("department", "", "jobTitle", "Lead")),
                new GraphClient.Patch(synced.id, Map.of("jobTitle", "Lead")),
                new GraphClient.Patch("no-such-id", Map.of("jobTitle", "Lead"))));

        assertTrue(results.get(0).ok());
        assertNull(graph.user("c@contoso.com").get("department"), "an empty value clears the attribute");
        assertEquals(400, results.get(1).status());
        assertEquals("Request_BadRequest", results.get(1).code());
        assertTrue(results.get(1).message().contains("on-premises mastered"), results.get(1).message());
        assertEquals(404, results.get(2).status());
    }

    @Test
    void aTokenIsKeptUntilItExpiresAndRenewedOnceGraphSaysItHas() {
        graph.addUser("a@contoso.com", "a@contoso.com", false);
        GraphClient client = client(SECRET);
        client.delta(client.deltaStart("id,mail"));
        client.delta(client.deltaStart("id,mail"));
        assertEquals(1, graph.tokensIssued(), "kept between calls");
        graph.expireTokens();
        assertEquals(1, client.delta(client.deltaStart("id,mail")).users().size());
        assertEquals(2, graph.tokensIssued(), "renewed once Graph refused the old one");

        graph.tokenLifetime(60); // a token this short is renewed after half its life, not 5 minutes before its end
        GraphClient fresh = client(SECRET);
        fresh.delta(fresh.deltaStart("id"));
        fresh.delta(fresh.deltaStart("id"));
        assertEquals(3, graph.tokensIssued(), "a one-minute token is still good a moment later");
    }

    /** A PKCS#12 file made with the JDK's keytool: an RSA key and its self-signed certificate. */
    private static java.nio.file.Path keyStore(String name) throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("target", name + ".p12");
        java.nio.file.Files.deleteIfExists(file);
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=roster-app", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass",
                "changeit-" + name, "-keypass", "changeit-" + name).redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        return file;
    }

    @Test
    void aCertificatesSignedAssertionGetsATokenAndAnotherCertificatesDoesNot() throws Exception {
        graph.addUser("a@contoso.com", "a@contoso.com", false);
        java.nio.file.Path registered = keyStore("registered");
        ClientCredential good = ClientCredential.certificate(registered, "changeit-registered".toCharArray(),
                Clock.systemUTC());
        graph.acceptCertificate(((ClientCredential.Certificate) good).certificate());
        HttpClient http = TargetHttpClients.build(Duration.ofSeconds(5));

        GraphToken token = new GraphToken(graph.tokenUrl(), "app-1", good, "https://graph.microsoft.com/.default", http,
                Duration.ofSeconds(5), Clock.systemUTC());
        assertTrue(token.get().startsWith("eyJ"));

        ClientCredential other = ClientCredential.certificate(keyStore("other"), "changeit-other".toCharArray(),
                Clock.systemUTC());
        EntraException e = assertThrows(EntraException.class, () -> new GraphToken(graph.tokenUrl(), "app-1", other,
                "https://graph.microsoft.com/.default", http, Duration.ofSeconds(5), Clock.systemUTC()).get());
        assertTrue(e.authRefused() && e.getMessage().contains("AADSTS700027"), e.getMessage());
        EntraException wrongPassword = assertThrows(EntraException.class, () -> ClientCredential.certificate(registered,
                "nope".toCharArray(), Clock.systemUTC()));
        assertTrue(wrongPassword.getMessage().contains("cannot be read as PKCS#12")
                && !wrongPassword.getMessage().contains("nope"), wrongPassword.getMessage());
    }

    @Test
    void aTokenEndpointUnderLoadIsAskedAgainAfterItsRetryAfterNotTakenForRefusedCredentials() {
        graph.addUser("a@contoso.com", "a@contoso.com", false);
        graph.throttleTokens(2);
        GraphClient client = client(SECRET);
        assertEquals(1, client.delta(client.deltaStart("id")).users().size());
        assertEquals(3, graph.calls("POST token"), "two 503s, then the token");
    }

    @Test
    void refusedCredentialsAreNamedWithoutTheSecret() {
        GraphClient wrong = client("wrong-secret-7");
        EntraException e = assertThrows(EntraException.class, () -> wrong.delta(wrong.deltaStart("id")));
        assertTrue(e.authRefused());
        assertTrue(e.getMessage().contains("invalid_client") && e.getMessage().contains("AADSTS7000215")
                && e.getMessage().contains("roster.entra"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret-7"));
        assertEquals(0, graph.requests(), "no Graph call without a token");
    }

    @Test
    void aDeltaLinkYieldsOnlyWhatChangedAsGraphSendsItAndAnExpiredOneIsSaid() {
        graph.addUser("a@contoso.com", "a@contoso.com", false).properties.put("jobTitle", "Old");
        graph.addUser("b@contoso.com", "b@contoso.com", false);
        GraphClient client = client(SECRET);
        GraphClient.DeltaRead first = client.delta(client.deltaStart("id,mail,jobTitle,department"));
        graph.set("a@contoso.com", "department", "Sales");
        graph.delete("b@contoso.com");

        GraphClient.DeltaRead changes = client.delta(first.deltaLink());
        assertEquals(2, changes.users().size(), changes.users().toString());
        com.fasterxml.jackson.databind.node.ObjectNode a = changes.users().stream()
                .filter(u -> u.path("id").asText().equals(graph.user("a@contoso.com").id)).findFirst().orElseThrow();
        assertEquals("Sales", a.path("department").asText());
        assertFalse(a.has("jobTitle"), "only what changed: " + a);
        assertTrue(changes.users().stream().anyMatch(u -> u.has("@removed")));

        graph.expireDeltaLinks();
        assertThrows(GraphClient.DeltaExpired.class, () -> client.delta(changes.deltaLink()));
    }

    @Test
    void aThrottledRequestWaitsItsRetryAfterInTheSharedLoop() {
        graph.addUser("a@contoso.com", "a@contoso.com", false);
        graph.throttleRequests(2);
        GraphClient client = client(SECRET);
        assertEquals(1, client.delta(client.deltaStart("id")).users().size());
        assertEquals(1, graph.calls("GET users/delta"), "two throttled answers, then the page");
        assertTrue(slept.stream().filter(d -> d.compareTo(Duration.ofSeconds(1)) >= 0).count() >= 2,
                "each Retry-After waited: " + slept);
    }
}
