package io.roster.plan;

import io.roster.mapping.Person;
import io.roster.state.Json;
import io.roster.state.StoredValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Signature365PlannerTest {

    final Signature365Planner planner = new Signature365Planner();

    static Person person(String email, Map<String, String> fields) {
        return new Person(email, email, fields, Set.of(), "row 1");
    }

    /** What Roster last sent, by key: the values themselves, hashed as the state store hashes them. */
    record Sent(Map<String, Map<String, String>> values) implements Signature365Planner.SentBefore {
        @Override
        public boolean has(String key) {
            return values.containsKey(key);
        }

        @Override
        public boolean sameAs(String key, long contentHashPrefix) {
            return has(key) && Json.prefix(StoredValues.of(values.get(key)).hash()) == contentHashPrefix;
        }
    }

    @Test
    void sendsTheNewAndTheChangedAndSkipsTheUnchanged() {
        Map<String, String> same = Map.of("FirstName", "Ann", "JobTitle", "Dev");
        Map<String, String> old = Map.of("FirstName", "Bob", "JobTitle", "Dev");
        Map<String, String> changed = Map.of("FirstName", "Bob", "JobTitle", "Lead");
        Sent sent = new Sent(Map.of("ann@x.com", same, "bob@x.com", old));
        Signature365Plan plan = planner.plan(List.of(person("ann@x.com", same), person("bob@x.com", changed),
                person("new@x.com", same)), sent, key -> false);

        assertEquals(List.of("ann@x.com"), plan.unchanged());
        assertEquals(List.of("bob@x.com", "new@x.com"), plan.outgoing().stream().map(Signature365Planner.Outgoing::key).toList());
        assertEquals(List.of(true, false), plan.outgoing().stream().map(Signature365Planner.Outgoing::maybeSent).toList());

        List<Collection<String>> asked = new ArrayList<>();
        List<Signature365Upsert> upserts = planner.upserts(plan.outgoing(), keys -> {
            asked.add(List.copyOf(keys));
            Map<String, Map<String, String>> out = new java.util.HashMap<>();
            keys.forEach(k -> out.put(k, sent.values().get(k)));
            return out;
        });
        assertEquals(List.of(List.of("bob@x.com")), asked, "only the changed who were sent before have their row read");
        Signature365Upsert bob = upserts.get(0);
        assertTrue(bob.known());
        assertEquals(old, bob.before(), "what was sent last, for the audit");
        assertEquals(changed, bob.fields());
        assertEquals(StoredValues.of(changed).hash(), bob.hash(), "the hash the state store keeps for what is sent now");
        assertFalse(upserts.get(1).known());
        assertEquals(Map.of(), upserts.get(1).before());
    }

    @Test
    void theRowsOfPeopleFromManyBatchesAreReadInOneGoWhenTheirRequestIsMadeUp() {
        Sent sent = new Sent(Map.of("ann@x.com", Map.of("FirstName", "Ann"), "bob@x.com", Map.of("FirstName", "Bob")));
        List<Signature365Planner.Outgoing> request = new ArrayList<>();
        request.addAll(planner.plan(List.of(person("ann@x.com", Map.of("FirstName", "Anna"))), sent, key -> false).outgoing());
        request.addAll(planner.plan(List.of(person("bob@x.com", Map.of("FirstName", "Robert"))), sent, key -> false).outgoing());
        List<Collection<String>> asked = new ArrayList<>();

        List<Signature365Upsert> upserts = planner.upserts(request, keys -> {
            asked.add(List.copyOf(keys));
            return Map.of("ann@x.com", Map.of("FirstName", "Ann"), "bob@x.com", Map.of("FirstName", "Bob"));
        });

        assertEquals(List.of(List.of("ann@x.com", "bob@x.com")), asked);
        assertEquals(List.of(Map.of("FirstName", "Ann"), Map.of("FirstName", "Bob")),
                upserts.stream().map(Signature365Upsert::before).toList());
    }

    @Test
    void nobodySentBeforeMeansNoRowIsRead() {
        Signature365Plan plan = planner.plan(List.of(person("ann@x.com", Map.of("FirstName", "Ann"))),
                new Sent(Map.of()), key -> false);
        List<Signature365Upsert> upserts = planner.upserts(plan.outgoing(), keys -> {
            throw new AssertionError("asked for " + keys);
        });
        assertEquals(1, upserts.size());
    }

    @Test
    void aPersonTheIndexThinksWasSentButHasNoRowIsSentAsNew() {
        // a key-hash collision in the run's index: the row read finds nothing, so the person is new, not "known"
        Signature365Plan plan = planner.plan(List.of(person("ann@x.com", Map.of("FirstName", "Ann"))),
                new Sent(Map.of("ann@x.com", Map.of("FirstName", "Someone else"))), key -> false);
        assertFalse(planner.upserts(plan.outgoing(), keys -> Map.of()).get(0).known());
    }

    @Test
    void aPersonAnEarlierBatchOfTheRunHadIsNotSentAgain() {
        Map<String, String> f = Map.of("FirstName", "Ann");
        Sent sent = new Sent(Map.of("ann@x.com", f));
        Signature365Plan other = planner.plan(List.of(person("ann@x.com", Map.of("FirstName", "Anna"))), sent,
                "ann@x.com"::equals);
        Signature365Plan same = planner.plan(List.of(person("ann@x.com", f)), sent, "ann@x.com"::equals);

        assertTrue(other.outgoing().isEmpty());
        assertEquals(1, other.repeated().size(), "other values than the first row's: refused");
        assertTrue(same.outgoing().isEmpty());
        assertTrue(same.repeated().isEmpty(), "the same values again: nothing to say");
        assertTrue(same.unchanged().isEmpty(), "counted once, with its first row");
    }

    @Test
    void peopleWhoVanishedAreActedOnOnlyAfterAWholeReadTheRemovalGuardLetsThrough() {
        Signature365Rules report = Signature365Rules.parse("report");
        Signature365Rules clear = Signature365Rules.parse("clear");
        List<String> asked = new ArrayList<>();
        Supplier<Optional<String>> letThrough = () -> {
            asked.add("guard");
            return Optional.empty();
        };

        assertTrue(Signature365Planner.vanished(0, false, letThrough, clear) instanceof Signature365Planner.Vanished.Nothing);
        assertTrue(Signature365Planner.vanished(5, true, letThrough, clear) instanceof Signature365Planner.Vanished.Nothing,
                "an incremental read shows no one who left");
        assertTrue(asked.isEmpty(), "the guard is not asked when there is nothing to decide");

        assertTrue(Signature365Planner.vanished(5, false, letThrough, report) instanceof Signature365Planner.Vanished.Report);
        assertTrue(Signature365Planner.vanished(5, false, letThrough, clear) instanceof Signature365Planner.Vanished.Clear);
        assertEquals(2, asked.size());

        Signature365Planner.Vanished held = Signature365Planner.vanished(5, false,
                () -> Optional.of("the source dropped 60% since the last clean run"), clear);
        assertEquals(new Signature365Planner.Vanished.Held("the source dropped 60% since the last clean run: 5 people"
                + " missing from the source are left as they are"), held);
    }
}
