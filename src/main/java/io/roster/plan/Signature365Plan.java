package io.roster.plan;

import io.roster.mapping.Person;

import java.util.List;

/**
 * What one batch of people needs in Signature 365.
 *
 * @param outgoing  people whose fields differ from what Roster last sent (or who are new)
 * @param unchanged keys of people whose fields are exactly what Roster last sent: not sent again
 * @param repeated  people whose email an earlier batch of this run already had with other values (the first one
 *                  stands, these are refused)
 */
public record Signature365Plan(List<Signature365Planner.Outgoing> outgoing, List<String> unchanged,
                               List<Person> repeated) {
}
