package io.roster.plan;

import io.roster.mapping.Person;
import io.roster.state.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Decides which people of a batch to send to Signature 365: only those whose mapped fields differ from what Roster
 * last sent them, compared by content hash. A pure function of its inputs.
 */
public final class Signature365Planner {

    /** What Roster last sent one person, and whether this run has already seen them. */
    public record LastSent(String hash, Map<String, String> values, boolean seenThisRun) {
    }

    public Signature365Plan plan(Collection<Person> people, Map<String, LastSent> lastSent) {
        List<Signature365Upsert> upserts = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<Person> repeated = new ArrayList<>();
        for (Person p : people) {
            LastSent last = lastSent.get(p.key());
            if (last != null && last.seenThisRun()) {
                repeated.add(p);
            } else if (last != null && Json.contentHash(p.fields()).equals(last.hash())) {
                unchanged.add(p.key());
            } else {
                upserts.add(new Signature365Upsert(p.key(), p.email(), p.fields(),
                        last == null ? Map.of() : last.values(), last != null, p.rows()));
            }
        }
        return new Signature365Plan(upserts, unchanged, repeated);
    }
}
