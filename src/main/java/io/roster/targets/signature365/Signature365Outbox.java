package io.roster.targets.signature365;

import io.roster.plan.Signature365Planner.Outgoing;

import java.util.ArrayList;
import java.util.List;

/**
 * The people one run will send to Signature 365, packed into requests as full as the service takes them: the changed
 * people of a source batch wait for those of the next until a request is full. 1,000 changes scattered over 100,000
 * people then go in 2 requests instead of one per source batch, 200. What waits when the source is read goes last
 * ({@link #rest}); a run that stops before sends none of it, and the next run plans those people again (nothing of
 * them was journaled).
 * <p>
 * Not Camel's Aggregator: that would carry each person as an exchange of its own (a million at a million people)
 * to fill requests exactly, and keep a group per run that must be flushed at the end and dropped when a run fails.
 */
public final class Signature365Outbox {

    private List<Outgoing> waiting = new ArrayList<>();

    /** Adds a source batch's people to send; returns the requests now full, of exactly {@code size} people each. */
    public synchronized List<List<Outgoing>> add(List<Outgoing> people, int size) {
        List<List<Outgoing>> full = new ArrayList<>();
        int from = 0;
        while (waiting.size() + people.size() - from >= size) {
            int take = size - waiting.size();
            waiting.addAll(people.subList(from, from + take));
            from += take;
            full.add(waiting);
            waiting = new ArrayList<>();
        }
        waiting.addAll(people.subList(from, people.size()));
        return full;
    }

    /** Whoever still waits, as one last request; none if nobody does. */
    public synchronized List<List<Outgoing>> rest() {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<List<Outgoing>> last = List.of(waiting);
        waiting = new ArrayList<>();
        return last;
    }
}
