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

    static final Set<String> BOTH = Set.of("a", "b");

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

        Map<String, Claim> seenByB = byKeyOf("a", claims.shared("b", "sign:primary", BOTH));
        assertEquals(Set.of("ann", "bob", "cat"), seenByB.keySet(), "b sees a's users of this target, not zed");
        assertNotNull(seenByB.get("bob").releasedAt(), "a let bob go");
        assertNull(seenByB.get("cat").releasedAt(), "a keeps cat, held back");
        assertEquals(Set.of("bob"), byKeyOf("a", claims.shared("a", "sign:primary", BOTH)).keySet(),
                "a sees only its own claims on users b has too");

        claims.hold("a", "sign:primary", List.of("ann", "bob"), Set.of());
        Claim again = byKeyOf("a", claims.shared("b", "sign:primary", BOTH)).get("bob");
        assertNull(again.releasedAt(), "bob is back in a's source");
        assertTrue(again.claimedAt().isAfter(seenByB.get("bob").claimedAt()), "claimed anew, not as of the first time");
        assertEquals(List.of("cat"), state.query("cat", "SELECT person_key FROM roster_claim WHERE job = 'a'"
                + " AND target = 'sign:primary' AND released_at IS NOT NULL", rs -> rs.getString(1)),
                "cat, no longer held back nor in the source, is released");
    }

    @Test
    void aJobAloneInItsTargetSeesNoClaimsAndTheSameSourceWritesNothing() {
        claims.hold("a", "sign:primary", List.of("ann", "bob"), Set.of());
        assertEquals(List.of(), claims.shared("a", "sign:primary", BOTH));
        state.update("mark", "UPDATE roster_claim SET claimed_at = TIMESTAMP '2000-01-01 00:00:00'");
        claims.hold("a", "sign:primary", List.of("bob", "ann"), Set.of()); // same people, another order
        assertEquals(2, state.query("untouched", "SELECT 1 FROM roster_claim WHERE claimed_at < TIMESTAMP"
                + " '2001-01-01 00:00:00'", rs -> 1).size(), "the same people again: the digest matched, nothing written");
    }

    @Test
    void aJobTheRoutesNoLongerDefineClaimsNothing() {
        claims.hold("old-name", "sign:primary", List.of("ann", "bob"), Set.of());
        claims.hold("a", "sign:primary", List.of("ann"), Set.of());
        assertEquals(List.of(), claims.shared("a", "sign:primary", Set.of("a")), "renamed away: its claims are nobody's");
        assertEquals(Set.of("ann", "bob"), byKeyOf("old-name", claims.shared("a", "sign:primary",
                Set.of("a", "old-name"))).keySet(), "while the routes define it, its claims count");
        assertEquals(Set.of("ann", "bob"), claims.claimedBy("old-name", "sign:primary"));
    }

    @Test
    void aHeldBackPersonWhoReallyLeavesIsReleasedThoughTheHeldPeopleAreTheSame() {
        claims.hold("a", "sign:primary", List.of("ann"), Set.of("bob"));
        claims.hold("b", "sign:primary", List.of("cat"), Set.of());
        assertNull(byKeyOf("a", claims.shared("b", "sign:primary", BOTH)).get("bob"), "never claimed: bob was held back");
        claims.hold("a", "sign:primary", List.of("ann", "bob"), Set.of());
        claims.hold("a", "sign:primary", List.of("ann"), Set.of("bob"));
        assertNull(byKeyOf("a", claims.shared("b", "sign:primary", BOTH)).get("bob").releasedAt(), "held back: kept");
        claims.hold("a", "sign:primary", List.of("ann"), Set.of());
        assertNotNull(byKeyOf("a", claims.shared("b", "sign:primary", BOTH)).get("bob").releasedAt(),
                "the same people, but bob is no longer held back: released");
    }

    private static Map<String, Claim> byKeyOf(String job, List<Claim> claims) {
        return claims.stream().filter(c -> c.job().equals(job)).collect(Collectors.toMap(Claim::personKey, c -> c));
    }
}
