package io.roster.mapping;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of mapping one source read.
 *
 * <b>people</b>: valid people, one per email key
 * <b>rejections</b>: records that were skipped, each with its reason
 * <b>held</b>: email keys claimed by rejected records: those people are neither created nor removed this run
 * <b>records</b>: how many source records were read
 * <b>incomplete</b>: why the read stopped early, or null
 */
public final class MappedPeople {

    // A class, not a record: route expressions such as ${body.rejections} make Camel look the body up in a cache by
    // its hash, and a record would hash every person of the read each time.
    private final Collection<Person> people;
    private final List<Rejection> rejections;
    private final Set<String> held;
    private final int records;
    private final String incomplete;
    private final Map<String, Integer> cleanedUp;

    public MappedPeople(Collection<Person> people, List<Rejection> rejections, Set<String> held, int records) {
        this(people, rejections, held, records, null);
    }

    public MappedPeople(Collection<Person> people, List<Rejection> rejections, Set<String> held, int records,
                        String incomplete) {
        this(people, rejections, held, records, incomplete, Map.of());
    }

    public MappedPeople(Collection<Person> people, List<Rejection> rejections, Set<String> held, int records,
                        String incomplete, Map<String, Integer> cleanedUp) {
        this.cleanedUp = cleanedUp;
        this.people = people;
        this.rejections = rejections;
        this.held = held;
        this.records = records;
        this.incomplete = incomplete;
    }

    /** Source values cleaned before mapping, by column and clean-up ({@link CleanUp}). */
    public Map<String, Integer> cleanedUp() {
        return cleanedUp;
    }

    /** Why the source read stopped before its end, or null: see {@link io.roster.source.SourceRows#incomplete()}. */
    public String incomplete() {
        return incomplete;
    }

    public Collection<Person> people() {
        return people;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    public Set<String> held() {
        return held;
    }

    public int records() {
        return records;
    }
}
