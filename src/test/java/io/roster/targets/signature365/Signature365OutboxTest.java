package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.state.StoredValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Signature365OutboxTest {

    private static List<Signature365Upsert> people(int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> {
            Map<String, String> fields = Map.of("JobTitle", "T" + i);
            return new Signature365Upsert("p" + i + "@example.com", "p" + i + "@example.com", fields,
                    StoredValues.of(fields), Map.of(), false, "row " + i);
        }).toList();
    }

    private static List<String> keys(List<Signature365Batch> requests) {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> r.upserts().forEach(u -> out.add(u.key())));
        return out;
    }

    @Test
    void fewChangesPerBatchWaitUntilARequestIsFull() {
        Signature365Outbox outbox = new Signature365Outbox();
        List<Signature365Batch> sent = new ArrayList<>();
        for (int batch = 0; batch < 200; batch++) { // 1,000 changes, 5 in each of 200 source batches
            sent.addAll(outbox.add(people(batch * 5, 5), 500));
        }
        sent.addAll(outbox.rest());

        assertEquals(2, sent.size());
        assertEquals(List.of(500, 500), sent.stream().map(Signature365Batch::changes).toList());
        assertEquals(keys(List.of(new Signature365Batch(people(0, 1000), List.of(), false))), keys(sent), "in order, each once");
        assertTrue(outbox.rest().isEmpty(), "nothing is left behind");
    }

    @Test
    void aBatchThatOverfillsARequestCarriesItsRemainderToTheNext() {
        Signature365Outbox outbox = new Signature365Outbox();

        assertTrue(outbox.add(people(0, 300), 500).isEmpty());
        List<Signature365Batch> full = outbox.add(people(300, 1_000), 500); // 1,300 waiting: two requests, 300 wait
        assertEquals(List.of(500, 500), full.stream().map(Signature365Batch::changes).toList());
        List<Signature365Batch> rest = outbox.rest();
        assertEquals(List.of(300), rest.stream().map(Signature365Batch::changes).toList());

        List<Signature365Batch> all = new ArrayList<>(full);
        all.addAll(rest);
        assertEquals(keys(List.of(new Signature365Batch(people(0, 1300), List.of(), false))), keys(all));
        assertTrue(all.stream().noneMatch(Signature365Batch::clearing));
    }

    @Test
    void aSmallerRequestSizeAfterA413TakesEffectWithTheNextBatch() {
        Signature365Outbox outbox = new Signature365Outbox();
        outbox.add(people(0, 100), 500);

        List<Signature365Batch> full = outbox.add(people(100, 150), 125);

        assertEquals(List.of(125, 125), full.stream().map(Signature365Batch::changes).toList());
        assertTrue(outbox.rest().isEmpty());
    }
}
