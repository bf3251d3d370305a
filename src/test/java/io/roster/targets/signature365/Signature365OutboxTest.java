package io.roster.targets.signature365;

import io.roster.mapping.Person;
import io.roster.plan.Signature365Planner.Outgoing;
import io.roster.state.StoredValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Signature365OutboxTest {

    private static List<Outgoing> people(int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> {
            Map<String, String> fields = Map.of("JobTitle", "T" + i);
            String email = "p" + i + "@example.com";
            return new Outgoing(new Person(email, email, fields, Set.of(), "row " + i), StoredValues.of(fields), false);
        }).toList();
    }

    private static List<String> keys(List<List<Outgoing>> requests) {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> r.forEach(o -> out.add(o.key())));
        return out;
    }

    @Test
    void fewChangesPerBatchWaitUntilARequestIsFull() {
        Signature365Outbox outbox = new Signature365Outbox();
        List<List<Outgoing>> sent = new ArrayList<>();
        for (int batch = 0; batch < 200; batch++) { // 1,000 changes, 5 in each of 200 source batches
            sent.addAll(outbox.add(people(batch * 5, 5), 500));
        }
        sent.addAll(outbox.rest());

        assertEquals(List.of(500, 500), sent.stream().map(List::size).toList());
        assertEquals(keys(List.of(people(0, 1000))), keys(sent), "in order, each once");
        assertTrue(outbox.rest().isEmpty(), "nothing is left behind");
    }

    @Test
    void aBatchThatOverfillsARequestCarriesItsRemainderToTheNext() {
        Signature365Outbox outbox = new Signature365Outbox();

        assertTrue(outbox.add(people(0, 300), 500).isEmpty());
        List<List<Outgoing>> full = outbox.add(people(300, 1_000), 500); // 1,300 waiting: two requests, 300 wait
        assertEquals(List.of(500, 500), full.stream().map(List::size).toList());
        List<List<Outgoing>> rest = outbox.rest();
        assertEquals(List.of(300), rest.stream().map(List::size).toList());

        List<List<Outgoing>> all = new ArrayList<>(full);
        all.addAll(rest);
        assertEquals(keys(List.of(people(0, 1300))), keys(all));
    }

    @Test
    void aSmallerRequestSizeAfterA413TakesEffectWithTheNextBatch() {
        Signature365Outbox outbox = new Signature365Outbox();
        outbox.add(people(0, 100), 500);

        List<List<Outgoing>> full = outbox.add(people(100, 150), 125);

        assertEquals(List.of(125, 125), full.stream().map(List::size).toList());
        assertTrue(outbox.rest().isEmpty());
    }
}
