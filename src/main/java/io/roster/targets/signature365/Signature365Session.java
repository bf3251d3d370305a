package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.targets.JournalBehind;
import io.roster.targets.PlanInRun;

import java.util.function.Supplier;

/**
 * What a Signature 365 job keeps for the length of its run: who it has read so far, what Roster last sent everyone,
 * the people waiting for a full request, the requests sent whose journal entry is still being written, and the plan
 * a dry run keeps or an apply run applies.
 */
public final class Signature365Session {

    private final SeenKeys seen = new SeenKeys();
    private final Signature365Outbox outbox = new Signature365Outbox();
    private final JournalBehind journal = new JournalBehind();
    private SentHashes sentHashes;
    private final PlanInRun<Signature365Upsert> plan = new PlanInRun<>();

    public SeenKeys seen() {
        return seen;
    }

    Signature365Outbox outbox() {
        return outbox;
    }

    /** What Roster last sent each person of this job, read by {@code load} on first use. */
    public synchronized SentHashes sentHashes(Supplier<SentHashes> load) {
        if (sentHashes == null) {
            sentHashes = load.get();
        }
        return sentHashes;
    }

    /** The journal entries of the requests sent, written behind the sends. */
    JournalBehind journal() {
        return journal;
    }

    /** The plan this run keeps (a dry run) or applies (roster apply). */
    public PlanInRun<Signature365Upsert> plan() {
        return plan;
    }
}
