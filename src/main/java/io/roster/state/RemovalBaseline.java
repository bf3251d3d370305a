package io.roster.state;

import java.time.Instant;

/**
 * The source size removals are measured against: the people of the last run whose read was whole and whose removals
 * were not withheld, or a size an admin accepted after that run.
 *
 * @param people valid source people then
 * @param what   where the figure comes from, as an admin reads it ("run 20261201T101500Z-3f2a", "the size alice
 *               accepted")
 * @param at     when that run started or the size was accepted
 */
public record RemovalBaseline(long people, String what, Instant at) {
}
