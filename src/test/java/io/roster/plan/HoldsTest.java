package io.roster.plan;

import io.roster.plan.HoldRules.Kind;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldsTest {

    /** A change named by its person, with the risky kinds it is. */
    record Change(String who, Set<Kind> kinds) {
    }

    private static Holds.Split<Change> split(List<Change> changes, String rules, Set<String> approved,
                                             Set<String> rejected, long total) {
        Map<String, Object> section = new LinkedHashMap<>();
        for (String pair : rules.split(",")) {
            String[] kv = pair.split("=");
            section.put(kv[0], kv[1]);
        }
        return Holds.split(changes, Change::kinds, Change::who, HoldRules.parse(section), approved, rejected, total,
                "org primary");
    }

    @Test
    void aKindPastItsLimitIsHeldWholeWhileOtherKindsAndPlainChangesGoAhead() {
        List<Change> changes = List.of(new Change("a", Set.of(Kind.DEACTIVATE)), new Change("b", Set.of(Kind.DEACTIVATE)),
                new Change("c", Set.of(Kind.DEACTIVATE)), new Change("d", Set.of(Kind.GROUP_MOVE)),
                new Change("e", Set.of()));
        Holds.Split<Change> s = split(changes, "deactivate=2,group_move=1", Set.of(), Set.of(), 100);

        assertEquals(List.of("a", "b", "c"), s.held().stream().map(Change::who).toList());
        assertEquals(List.of("d", "e"), s.go().stream().map(Change::who).toList());
        assertEquals(1, s.why().size());
        assertTrue(s.why().get(0).contains("3 changes of kind deactivate exceed holds.deactivate 2"), s.why().get(0));
    }

    @Test
    void decisionsStandWhateverTheLimitsAndDoNotCountAgainstThem() {
        List<Change> changes = List.of(new Change("a", Set.of(Kind.RESET)), new Change("b", Set.of(Kind.RESET)),
                new Change("c", Set.of(Kind.RESET)), new Change("d", Set.of(Kind.RESET)));
        Holds.Split<Change> s = split(changes, "reset=1", Set.of("a"), Set.of("b"), 100);

        assertEquals(List.of("a"), s.go().stream().map(Change::who).toList(), "approved goes ahead");
        assertEquals(List.of("b"), s.rejected().stream().map(Change::who).toList(), "rejected never does");
        assertEquals(List.of("c", "d"), s.held().stream().map(Change::who).toList(), "two undecided pass the limit of 1");

        Holds.Split<Change> lastOne = split(List.of(changes.get(0), changes.get(1), changes.get(2)), "reset=1",
                Set.of("a"), Set.of("b"), 100);
        assertEquals(List.of("a", "c"), lastOne.go().stream().map(Change::who).toList(), "one undecided is under the limit");
    }

    @Test
    void aShareIsOfTheTotalAndAChangeOfSeveralKindsIsHeldIfAnyOfThemIs() {
        List<Change> changes = List.of(new Change("a", Set.of(Kind.GROUP_MOVE, Kind.ROLE_REMOVAL)),
                new Change("b", Set.of(Kind.ROLE_REMOVAL)), new Change("c", Set.of(Kind.GROUP_MOVE)));
        // 10% of 20 active users is 2: two group moves pass; two role removals of a limit of 1 do not
        Holds.Split<Change> s = split(changes, "group_move=10%,role_removal=1", Set.of(), Set.of(), 20);

        assertEquals(List.of("a", "b"), s.held().stream().map(Change::who).toList());
        assertEquals(List.of("c"), s.go().stream().map(Change::who).toList());
    }

    @Test
    void anUnknownKindOrABadLimitIsAnErrorNamingIt() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> HoldRules.parse(Map.of("deletes", "5")));
        assertTrue(kind.getMessage().contains("holds.deletes is not a kind of change Roster holds (known: deactivate,"
                + " reset, role_removal, group_move, clear)"), kind.getMessage());
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> HoldRules.parse(Map.of("reset", "lots")));
        assertTrue(limit.getMessage().contains("holds.reset must be a count"), limit.getMessage());
    }
}
