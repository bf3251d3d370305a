package io.roster.plan;

import io.roster.state.Claim;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnershipTest {

    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T2.plusSeconds(60);

    @Test
    void aUserTwoSourcesHoldIsTheFirstClaimants() {
        List<Claim> claims = List.of(new Claim("bob", "a", T1, null), new Claim("bob", "b", T2, null));
        assertNull(new Ownership("a", claims).firstClaimant("bob"), "a claimed first: a manages bob");
        assertEquals("a", new Ownership("b", claims).firstClaimant("bob"));
        assertEquals("a", new Ownership("c", claims).firstClaimant("bob"), "a job that never claimed bob defers too");
    }

    @Test
    void aReleasedClaimGivesWayToTheJobThatStillHoldsTheUser() {
        List<Claim> claims = List.of(new Claim("bob", "a", T1, T3), new Claim("bob", "b", T2, null));
        assertNull(new Ownership("b", claims).firstClaimant("bob"));
        assertTrue(new Ownership("a", claims).othersManage("bob"), "b holds bob: never Sign-only to a");
        assertFalse(new Ownership("b", claims).othersManage("bob"));
    }

    @Test
    void aUserNoSourceHoldsIsTheLastClaimantsAndAnUnclaimedOneIsUnknown() {
        List<Claim> claims = List.of(new Claim("bob", "a", T1, T3), new Claim("bob", "b", T2, T3));
        assertTrue(new Ownership("a", claims).othersManage("bob"), "b held bob last");
        assertFalse(new Ownership("b", claims).othersManage("bob"), "b acts on its leaver");
        Ownership o = new Ownership("a", claims);
        assertFalse(o.unknown("bob"));
        assertTrue(o.unknown("hand"));
        assertFalse(o.othersManage("hand"));
        assertNull(o.firstClaimant("hand"));
    }
}
