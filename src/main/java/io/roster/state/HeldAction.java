package io.roster.state;

import java.time.Instant;

/** A change a run held back for an admin's decision, as the store keeps it. */
public record HeldAction(long id, String job, String target, String key, String email, String action, String fingerprint,
                         String detail, String reason, String runId, String status, Instant createdAt,
                         Instant decidedAt, String decidedBy) {

    public static final String HELD = "held";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    /** Approved, and handed to a run to apply: the audit log says whether it landed. */
    public static final String RELEASED = "released";
    public static final String EXPIRED = "expired";
    /** No longer planned by the job's runs (the source was fixed, the person or user changed): nothing waits. */
    public static final String SUPERSEDED = "superseded";
}
