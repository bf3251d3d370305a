package io.roster.report;

import java.time.Instant;

/** A run has ended and is recorded (a CDI event: the metrics count it). */
public record RunEnded(RunReport report, Instant ended) {
}
