package io.roster.targets;

import io.roster.job.JobSpec;
import io.roster.report.RunReport;
import io.roster.targets.http.RequestCounter;

/**
 * What a target's reader and writer need of the run they work for: its job file, its report to record into, a
 * counter for each request they send, and the batch boundary where a stop is honoured and progress is recorded.
 */
public interface TargetRun {

    RunReport report();

    JobSpec spec();

    /** Counts each request sent on this run's behalf (the clients' {@code countingAlso} takes it). */
    RequestCounter requests();

    /**
     * Called where a batch begins, before it sends anything: ends the run there when a stop was asked, and sends nothing
     * more for a run that has already failed or ended.
     */
    void continueOrStop();

    /** A batch of {@code changes} changes has been sent and journaled: the run's checkpoint and progress line. */
    void checkpoint(int changes);

    /** Work to do when the run ends, however it ends, before it is recorded (its report says how it went). */
    void beforeEnd(Runnable work);

    /** A dry run that keeps its plan ({@code roster plan}). */
    boolean storePlan();

    default String job() {
        return report().job();
    }

    default String id() {
        return report().id();
    }

    default boolean dryRun() {
        return report().dryRun();
    }
}
