package io.roster.plan;

import io.roster.mapping.Person;
import io.roster.state.Json;
import io.roster.state.StoredValues;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

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
     * A person to send, as planned: their mapped fields as the state store will keep them, and whether Roster may
     * have sent them before. Their stored row, for the audit's "before", is read once their request is made up
     * ({@link #upserts}), so a request of people from many source batches reads it in one query.
     */
    public record Outgoing(Person person, StoredValues stored, boolean maybeSent) {

        public String key() {
            return person.key();
        }

        /** The fields' content hash. */
        public String hash() {
            return stored.hash();
        }
    }

    /**
     * @param sent        what Roster last sent, by content hash
     * @param seenThisRun whether an earlier batch of this run had the person
     */
    public Signature365Plan plan(Collection<Person> people, SentBefore sent, Predicate<String> seenThisRun) {
        List<Outgoing> outgoing = new ArrayList<>();
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
                outgoing.add(new Outgoing(p, new StoredValues(text, Json.hex(hash)), sent.has(p.key())));
            }
        }
        return new Signature365Plan(outgoing, unchanged, repeated);
    }

    /**
     * The upserts of one request.
     *
     * @param lastWritten for the people who may have been sent before, what was written to them, read in one go; a
     *                    person it has no entry for was never sent
     */
    public List<Signature365Upsert> upserts(List<Outgoing> outgoing,
                                            Function<Collection<String>, Map<String, Map<String, String>>> lastWritten) {
        List<String> maybeSent = new ArrayList<>();
        outgoing.forEach(o -> {
            if (o.maybeSent()) {
                maybeSent.add(o.key());
            }
        });
        Map<String, Map<String, String>> written = maybeSent.isEmpty() ? Map.of() : lastWritten.apply(maybeSent);
        List<Signature365Upsert> upserts = new ArrayList<>(outgoing.size());
        for (Outgoing o : outgoing) {
            Person p = o.person();
            Map<String, String> before = written.get(p.key());
            upserts.add(new Signature365Upsert(p.key(), p.email(), p.fields(), o.stored(),
                    before == null ? Map.of() : before, before != null, p.rows()));
        }
        return upserts;
    }

    /** What happens, this run, to the people Roster sent before whom the source no longer has. */
    public sealed interface Vanished {
        /** Nothing: none are gone, or the read cannot tell who left (a dry run, an incremental read). */
        record Nothing() implements Vanished { }
        /** The removals policy withholds removals this run: they are left as they are, and the run says why. */
        record Held(String why) implements Vanished { }
        /** {@code vanished: report}: listed and counted, left as last sent. */
        record Report() implements Vanished { }
        /** {@code vanished: clear}: their mapped fields are sent empty, and they are forgotten. */
        record Clear() implements Vanished { }
    }

    /**
     * The removals policy for Signature 365: people missing from a read are only acted on when the read was whole
     * (not an incremental one) and the removal guard ({@link RemovalGuard}) lets removals through this run.
     */
    public static Vanished vanished(int gone, boolean changesOnly, Supplier<Optional<String>> removalsWithheld,
                                    Signature365Rules rules) {
        if (changesOnly || gone == 0) {
            return new Vanished.Nothing(); // an incremental read shows no one who left; the periodic full read does
        }
        Optional<String> withheld = removalsWithheld.get();
        if (withheld.isPresent()) {
            return new Vanished.Held(withheld.get() + ": " + gone + " people missing from the source are left as they are");
        }
        return rules.vanished() == Signature365Rules.Vanished.REPORT ? new Vanished.Report() : new Vanished.Clear();
    }
}
