package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.targets.PlanInRun;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What a Signature 365 job keeps for the length of its run: who it has read so far, what Roster last sent everyone,
 * the people waiting for a full request, the requests sent whose journal entry is still being written, and the plan
 * a dry run keeps or an apply run applies.
 */
public final class Signature365Session {

    /** Sent requests whose journal entry may still be under way: the send of the next does not wait for it. */
    static final int JOURNAL_BEHIND = 3;

    private final SeenKeys seen = new SeenKeys();
    private final Signature365Outbox outbox = new Signature365Outbox();
    private final Semaphore journalSlots = new Semaphore(JOURNAL_BEHIND);
    private final List<CompletableFuture<Void>> journaling = new ArrayList<>();
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

    Semaphore journalSlots() {
        return journalSlots;
    }

    synchronized void journaling(CompletableFuture<Void> f) {
        journaling.add(f);
    }

    synchronized List<CompletableFuture<Void>> takeJournaling() {
        List<CompletableFuture<Void>> out = new ArrayList<>(journaling);
        journaling.clear();
        return out;
    }

    /** The plan this run keeps (a dry run) or applies (roster apply). */
    public PlanInRun<Signature365Upsert> plan() {
        return plan;
    }
}
