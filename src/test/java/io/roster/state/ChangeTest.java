package io.roster.state;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChangeTest {

    static final Map<String, String> BEFORE = Map.of("lastName", "Old", "group", "Default Group", "status", "ACTIVE");
    static final Map<String, String> AFTER = Map.of("lastName", "New", "group", "Sales", "status", "ACTIVE");
    static final Change INTENDED = new Change("sign:primary", "a@x.com", "update", null, BEFORE, AFTER);

    @Test
    void theAuditShowsOnlyWhatDiffers() {
        assertEquals(Map.of("lastName", "Old", "group", "Default Group"), INTENDED.changedBefore());
        assertEquals(Map.of("lastName", "New", "group", "Sales"), INTENDED.changedAfter());
    }

    @Test
    void aChangeThatFullyLandedIsReadBackWhole() {
        Change landed = INTENDED.landed("u1", AFTER);
        assertEquals("u1", landed.targetId());
        assertEquals(AFTER, landed.after());
        assertEquals(INTENDED.changedAfter(), landed.changedAfter());
    }

    @Test
    void aChangeThatLandedPartlyIsReadBackAsFarAsTheTargetShowsIt() {
        // The profile call went through, the group call did not.
        Change landed = INTENDED.landed("u1", Map.of("lastName", "New", "group", "Default Group", "status", "ACTIVE"));
        assertEquals(Map.of("lastName", "New"), landed.changedAfter());
        assertEquals(Map.of("lastName", "Old"), landed.changedBefore());
        assertEquals("Default Group", landed.after().get("group"));
    }

    @Test
    void aChangeThatDidNotLandReadsBackAsNothing() {
        assertNull(INTENDED.landed("u1", BEFORE));
        assertNull(INTENDED.landed("u1", Map.of("lastName", "Someone else's", "group", "Marketing")));
    }
}
