package io.roster.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenTest {

    @Test
    void aShortTokenIsRefusedAtStartWithoutBeingShown() {
        String shortToken = "s3cret-but-short-1234567890";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ApiToken.checked(Optional.of(shortToken)));
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
        assertFalse(e.getMessage().contains(shortToken), "the token is not in the message");
    }

    @Test
    void aLongTokenOrNoneIsAccepted() {
        String good = "x".repeat(ApiToken.SHORTEST);
        assertEquals(Optional.of(good), ApiToken.checked(Optional.of("  " + good + " ")));
        assertEquals(Optional.empty(), ApiToken.checked(Optional.of("  ")), "blank: the API is off");
        assertEquals(Optional.empty(), ApiToken.checked(Optional.empty()));
    }

    /** The service-file token is taken from this machine only: by the socket's addresses, never a looked-up name. */
    @Test
    void theLocalTokensCallerMustBeThisMachine() {
        assertTrue(ApiToken.sameMachine("127.0.0.1", "127.0.0.1"));
        assertTrue(ApiToken.sameMachine("127.0.0.5", "10.0.0.7"), "any loopback address");
        assertTrue(ApiToken.sameMachine("0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1"));
        assertTrue(ApiToken.sameMachine("[::1]", "[::1]"));
        assertTrue(ApiToken.sameMachine("10.0.0.7", "10.0.0.7"), "the service reached at its own LAN address, from itself");
        assertFalse(ApiToken.sameMachine("10.0.0.8", "10.0.0.7"), "another machine");
        assertFalse(ApiToken.sameMachine("192.168.1.20", "127.0.0.1"));
        assertFalse(ApiToken.sameMachine("localhost", "127.0.0.1"), "a name is not looked up");
        assertFalse(ApiToken.sameMachine(null, "127.0.0.1"));
        assertFalse(ApiToken.sameMachine("10.0.0.8", null));
    }
}
