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
}
