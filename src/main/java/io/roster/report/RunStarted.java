package io.roster.report;

/** A run of {@code job} has begun (a CDI event: the metrics watch the job from then on). */
public record RunStarted(String job) {
}
