package io.roster.report;

/**
 * Thrown at a batch boundary when Roster is stopping (SIGTERM): the run ends there, recorded as interrupted, and the
 * next run resumes it. What the finished batches applied is journaled; nothing of the next batch was sent.
 */
public class RunInterruptedException extends RuntimeException {

    public RunInterruptedException(String message) {
        super(message);
    }
}
