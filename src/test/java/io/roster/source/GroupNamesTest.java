package io.roster.source;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GroupNamesTest {

    @Test
    void splitsOnCommasAndStripsNames() {
        assertEquals(List.of("Admins", "Sales"), GroupNames.split(" Admins, Sales ,, "));
        assertEquals(List.of(), GroupNames.split(""));
        assertEquals(List.of(), GroupNames.split(null));
    }

    @Test
    void anEscapedCommaStaysInTheName() {
        assertEquals(List.of("Sales, EMEA", "Admins"), GroupNames.split("Sales\\, EMEA,Admins"));
    }

    @Test
    void joinedNamesReadBackAsTheyWere() {
        List<String> names = List.of("Sales, EMEA", "R&D \\ Labs", "Ends with \\", "Plain");
        assertEquals(names, GroupNames.split(GroupNames.join(names)));
    }

    @Test
    void aBackslashBeforeAnythingElseIsKept() {
        assertEquals(List.of("DOMAIN\\Sales", "x"), GroupNames.split("DOMAIN\\Sales,x"));
    }
}
