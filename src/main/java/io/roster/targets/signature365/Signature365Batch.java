package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.state.TargetRejection;

import java.util.List;

/**
 * One batch on its way to Signature 365: the people to send, and those already turned away for the dead-letter store.
 *
 * @param clearing the batch empties the fields of people who left the source (they are forgotten once it lands)
 */
public record Signature365Batch(List<Signature365Upsert> upserts, List<TargetRejection> rejected, boolean clearing) {
}
