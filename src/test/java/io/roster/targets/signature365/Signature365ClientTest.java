package io.roster.targets.signature365;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.plan.Signature365Upsert;
import io.roster.state.StoredValues;
import io.roster.targets.http.CallGuard;
import io.roster.targets.http.RetryPolicy;
import io.roster.targets.http.ThrottleGate;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Signature365ClientTest {

    @Test
    void anEndpointWhereNothingAnswersIsNamedWithItsSettingsButNotItsSecret() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Signature365Client client = new Signature365Client("http://127.0.0.1:" + closed, "/api/users", "Authorization",
                "Bearer", "s365-secret-3e77", "Roster", 100, HttpClient.newHttpClient(), Duration.ofSeconds(5),
                new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMinutes(1)),
                new ThrottleGate(Clock.systemUTC()), CallGuard.NONE, d -> Thread.sleep(d.toMillis()), new ObjectMapper());

        Signature365Exception e = assertThrows(Signature365Exception.class, () -> client.upsert(List.of(new Signature365Upsert(
                "ann@example.com", "ann@example.com", Map.of("FirstName", "Ann"), new StoredValues("{}", "00"), Map.of(),
                false, "row 1"))));

        assertTrue(e.getMessage().contains("Signature 365 at http://127.0.0.1:" + closed + "/api/users"
                + " (roster.signature365.base-url, .path): connection failed (connection refused")
                && e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
        assertFalse(e.getMessage().contains("s365-secret-3e77"));
    }
}
