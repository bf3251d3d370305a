package io.roster.state;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims follow what a job's source holds: claimed, released, claimed again; a run with the same people writes nothing. */
@QuarkusTest
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class ClaimsTest {

    @Inject
    StateStore state;

    @Inject
    Claims claims;

    @BeforeEach
    void empty() {
        StateTables.clear(state);
    }

    @Test
    void claimsFollowTheSourceAndTheHeldBackAreKept() {
        claims.hold("a", "sign:primary", List.of("ann", "bob", "cat"), Set.of());
        claims.hold("b", "sign:primary", List.of("bob"), Set.of());
        claims.hold("a", "sign:other", List.of("zed"), Set.of());
        // cat is held back for a bad record: still in the source, so still claimed; bob has gone
        claims.hold("a", "sign:primary", List.of("ann"), Set.of("cat"));

        Map<String, Claim> seenByB = byKeyOf("a", claims.shared("b", "sign:primary"));
        assertEquals(Set.of("ann", "bob", "cat"), seenByB.keySet(), "b sees a's users of this target, not zed");
        assertNotNull(seenByB.get("bob").releasedAt(), "a let bob go");
        assertNull(seenByB.get("cat").releasedAt(), "a keeps cat, held back");
        assertEquals(Set.of("bob"), byKeyOf("a", claims.shared("a", "sign:primary")).keySet(),
                "a sees only its own claims on users b has too");

        claims.hold("a", "sign:primary", List.of("ann", "bob"), Set.of());
        Claim again = byKeyOf("a", claims.shared("b", "sign:primary")).get("bob");
        assertNull(again.releasedAt(), "bob is back in a's source");
        assertTrue(again.claimedAt().isAfter(seenByB.get("bob").claimedAt()), "claimed anew, not as of the first time");
        assertEquals(List.of("cat"), state.query("cat", "SELECT person_key FROM roster_claim WHERE job = 'a'"
                + " AND target = 'sign:primary' AND released_at IS NOT NULL", rs -> rs.getString(1)),
                "cat, no longer held back nor in the source, is released");
    }

    @Test
    void aJobAloneInItsTargetSeesNoClaimsAndTheSameSourceWritesNothing() {
        claims.hold("a", "sign:primary", List.of("ann", "bob"), Set.of());
        assertEquals(List.of(), claims.shared("a", "sign:primary"));
        state.update("mark", "UPDATE roster_claim SET claimed_at = TIMESTAMP '2000-01-01 00:00:00'");
        claims.hold("a", "sign:primary", List.of("bob", "ann"), Set.of()); // same people, another order
        assertEquals(2, state.query("untouched", "SELECT 1 FROM roster_claim WHERE claimed_at < TIMESTAMP"
                + " '2001-01-01 00:00:00'", rs -> 1).size(), "the same people again: the digest matched, nothing written");
    }

    private static Map<String, Claim> byKeyOf(String job, List<Claim> claims) {
        return claims.stream().filter(c -> c.job().equals(job)).collect(Collectors.toMap(Claim::personKey, c -> c));
    }
}
