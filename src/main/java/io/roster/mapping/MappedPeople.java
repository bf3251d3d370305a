package io.roster.mapping;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The outcome of mapping one source read.
 *
 * @param people     valid people, one per email key
 * @param rejections records that were skipped, each with its reason
 * @param held       email keys claimed by rejected records: those people are neither created nor removed this run
 * @param records    how many source records were read
 */
public record MappedPeople(Collection<Person> people, List<Rejection> rejections, Set<String> held, int records) {
}
