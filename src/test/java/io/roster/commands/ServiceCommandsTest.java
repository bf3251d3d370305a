package io.roster.commands;

import com.sun.net.httpserver.HttpServer;
import io.roster.config.Invocation;
import io.roster.report.RunReports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a command beside the service reads the service's answers: what it sends, its exit codes, and what it says when
 * the service is gone or refuses it. The service's real API answers these commands in {@code BesideTheServiceIT}.
 */
class ServiceCommandsTest {

    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * A service with the jobs {@code hr} and {@code ad} ({@code GET /roster/jobs}) that answers every other request with
     * {@code status} and {@code body}, noting what it was asked.
     */
    private LocalServiceFile service(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean jobs = exchange.getRequestURI().getPath().equals("/roster/jobs");
            if (!jobs) {
                asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization"));
            }
            byte[] bytes = (jobs ? "[\"hr\",\"ad\"]" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(jobs ? 200 : status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new LocalServiceFile(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "the-token");
    }

    private static Invocation held(String action, List<Long> ids, boolean all) {
        return new Invocation(Invocation.Command.HELD, List.of("hr"), false, false, action, ids, null, null, null, 0, all);
    }

    @Test
    void aDecisionOnChangesNoLongerHeldExitsTwoAsItDoesAlone() throws Exception {
        ServiceCommands commands = new ServiceCommands(service(200,
                "{\"decision\":\"approved\",\"decided\":[4],\"notHeld\":[5]}"), RunReports.JSON);
        assertEquals(2, commands.run(held("approve", List.of(4L, 5L), false), "command line (ann)"));
        assertEquals(List.of("POST /roster/held/approve?job=hr&id=4&id=5&by=command+line+%28ann%29 Bearer the-token"), asked);
    }

    @Test
    void theServicesReasonForARefusalIsTheCommandsError() throws Exception {
        ServiceCommands commands = new ServiceCommands(service(404, "{\"error\":\"no plan p-1\"}"), RunReports.JSON);
        Invocation apply = new Invocation(Invocation.Command.APPLY, List.of(), false, false, "p-1", List.of(), null, null, null, 0);
        assertEquals(2, commands.run(apply, "me"));
        assertEquals("POST /roster/plans/p-1/apply?by=me Bearer the-token", asked.get(0));
    }

    @Test
    void aRunsExitCodeIsTheServiceRunsOne() throws Exception {
        ServiceCommands commands = new ServiceCommands(service(200,
                "{\"job\":\"hr\",\"runId\":\"r1\",\"outcome\":\"partial\",\"exitCode\":1,\"summary\":\"job hr run r1: partial\"}"),
                RunReports.JSON);
        assertEquals(1, commands.run(Invocation.of(Invocation.Command.RUN, List.of("hr"), true, false), "me"));
        assertEquals("POST /roster/jobs/hr/run?dryRun=true&by=me Bearer the-token", asked.get(0));
    }

    @Test
    void aJobTheServiceDoesNotHaveStopsTheCommandBeforeAnyJobRuns() throws Exception {
        ServiceCommands commands = new ServiceCommands(service(200, "{\"exitCode\":0}"), RunReports.JSON);
        assertEquals(2, commands.run(Invocation.of(Invocation.Command.RUN, List.of("hr", "typo"), false, false), "me"));
        assertEquals(List.of(), asked, "nothing was run");
        Invocation accept = new Invocation(Invocation.Command.ACCEPT_SOURCE_SIZE, List.of("ad", "typo"), false, false, null,
                List.of(), 10, null, null, 0);
        assertEquals(2, commands.run(accept, "me"));
        assertEquals(List.of(), asked, "no size was accepted");
    }

    @Test
    void everyJobRunsWhenNoneIsNamed() throws Exception {
        ServiceCommands commands = new ServiceCommands(service(200, "{\"exitCode\":0}"), RunReports.JSON);
        assertEquals(0, commands.run(Invocation.of(Invocation.Command.RUN, List.of(), false, false), "me"));
        assertEquals(List.of("POST /roster/jobs/hr/run?dryRun=false&by=me Bearer the-token",
                "POST /roster/jobs/ad/run?dryRun=false&by=me Bearer the-token"), asked);
    }

    @Test
    void aRedirectOrAnEmptyAnswerIsAnErrorNotAnEmptyList() throws Exception {
        ServiceCommands commands = new ServiceCommands(service(200, ""), RunReports.JSON);
        IllegalStateException empty = assertThrows(IllegalStateException.class,
                () -> commands.run(held("list", List.of(), false), "me"));
        assertTrue(empty.getMessage().contains("nothing to read"), empty.getMessage());
        stop();
        asked.clear();
        ServiceCommands redirected = new ServiceCommands(service(301, ""), RunReports.JSON);
        IllegalStateException moved = assertThrows(IllegalStateException.class,
                () -> redirected.run(held("list", List.of(), false), "me"));
        assertTrue(moved.getMessage().contains("plain HTTP"), moved.getMessage());
    }

    @Test
    void aTokenFromAnEarlierStartOfTheServiceIsRefusedWithWhatToCheck() throws Exception {
        ServiceCommands commands = new ServiceCommands(service(401, "{\"error\":\"the token is not roster.api.token\"}"),
                RunReports.JSON);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> commands.run(held("list", List.of(), false), "me"));
        assertTrue(e.getMessage().contains("started again"), e.getMessage());
    }

    @Test
    void aServiceThatStoppedWithoutTakingItsFileAwayIsNamed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ServiceCommands commands = new ServiceCommands(new LocalServiceFile(URI.create("http://127.0.0.1:" + closed + "/"),
                "t"), RunReports.JSON);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> commands.run(held("list", List.of(), false), "me"));
        assertTrue(e.getMessage().contains("does not answer at http://127.0.0.1:" + closed), e.getMessage());
    }

    /** The service's HTTP idle timeout (or a proxy's) cut a long run's request: the run is followed in its history. */
    @Test
    void aRunWhoseAnswerIsLostIsFollowedInTheServicesHistoryToItsEnd() throws Exception {
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String body;
            if (path.equals("/roster/jobs")) {
                body = "[\"hr\"]";
            } else if (path.equals("/roster/jobs/hr/run")) {
                exchange.close(); // no answer: the connection ends under the request
                return;
            } else {
                String now = java.time.Instant.now().toString();
                String older = "{\"runId\":\"old\",\"startedBy\":\"me\",\"startedAt\":\"2020-01-01T00:00:00Z\","
                        + "\"status\":\"ok\",\"exitCode\":0}";
                body = looks.incrementAndGet() < 3
                        ? "[{\"runId\":\"r2\",\"startedBy\":\"me\",\"startedAt\":\"" + now + "\",\"status\":\"running\"}," + older + "]"
                        : "[{\"runId\":\"r2\",\"startedBy\":\"me\",\"startedAt\":\"" + now
                        + "\",\"status\":\"attention\",\"exitCode\":1}," + older + "]";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        ServiceCommands commands = new ServiceCommands(new LocalServiceFile(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/"), "t"), RunReports.JSON, java.time.Duration.ofMillis(20));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = commands.run(Invocation.of(Invocation.Command.RUN, List.of("hr"), false, true), "me");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(1, exit, "the followed run's exit code, not a lost connection's 2");
        assertEquals(3, looks.get(), "looked up until it ended");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"runId\":\"r2\""), out.toString(StandardCharsets.UTF_8));
    }
}
