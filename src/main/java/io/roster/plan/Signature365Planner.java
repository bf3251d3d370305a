package io.roster.plan;

import io.roster.mapping.Person;
import io.roster.state.Json;
import io.roster.state.StoredValues;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides which people of a batch to send to Signature 365: only those whose mapped fields differ from what Roster
 * last sent them, compared by content hash. A pure function of its inputs.
 */
public final class Signature365Planner {

    /** What Roster last sent, as the planner asks it: whether it sent a person anything, and whether exactly this. */
    public interface SentBefore {
        /** Whether Roster may have sent this person before (the stored row is then read to be sure). */
        boolean has(String key);

        /** Whether what was last sent to this person has a content hash starting with these 64 bits. */
        boolean sameAs(String key, long contentHashPrefix);
    }

    /**
     * @param sent        what Roster last sent, by content hash
     * @param seenThisRun whether an earlier batch of this run had the person
     * @param lastWritten for people who may have been sent before and now differ, what was written to them, read in
     *                    one go; a person it has no entry for was never sent
     */
    public Signature365Plan plan(Collection<Person> people, SentBefore sent, Predicate<String> seenThisRun,
                                 Function<Collection<String>, Map<String, Map<String, String>>> lastWritten) {
        List<Person> differ = new ArrayList<>();
        List<StoredValues> stored = new ArrayList<>();
        List<String> maybeKnown = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<Person> repeated = new ArrayList<>();
        for (Person p : people) {
            String text = Json.text(p.fields()).toString();
            byte[] hash = Json.digest(text);
            long prefix = Json.prefix(hash);
            if (seenThisRun.test(p.key()) && sent.has(p.key())) {
                if (!sent.sameAs(p.key(), prefix)) {
                    repeated.add(p); // an earlier row of this read had the same email with other values
                }
            } else if (sent.sameAs(p.key(), prefix)) {
                unchanged.add(p.key());
            } else {
                differ.add(p);
                stored.add(new StoredValues(text, Json.hex(hash))); // kept to be recorded once sent
                if (sent.has(p.key())) {
                    maybeKnown.add(p.key());
                }
            }
        }
        Map<String, Map<String, String>> written = maybeKnown.isEmpty() ? Map.of() : lastWritten.apply(maybeKnown);
        List<Signature365Upsert> upserts = new ArrayList<>(differ.size());
        for (int i = 0; i < differ.size(); i++) {
            Person p = differ.get(i);
            Map<String, String> before = written.get(p.key());
            upserts.add(new Signature365Upsert(p.key(), p.email(), p.fields(), stored.get(i),
                    before == null ? Map.of() : before, before != null, p.rows()));
        }
        return new Signature365Plan(upserts, unchanged, repeated);
    }
}
