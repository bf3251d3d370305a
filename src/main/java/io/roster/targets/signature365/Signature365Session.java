package io.roster.targets.signature365;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What a Signature 365 job keeps for the length of its run: who it has read so far, what Roster last sent everyone,
 * the people waiting for a full request, and the requests sent whose journal entry is still being written.
 */
public final class Signature365Session {

    /** Sent requests whose journal entry may still be under way: the send of the next does not wait for it. */
    static final int JOURNAL_BEHIND = 3;

    private final SeenKeys seen = new SeenKeys();
    private final Signature365Outbox outbox = new Signature365Outbox();
    private final Semaphore journalSlots = new Semaphore(JOURNAL_BEHIND);
    private final List<CompletableFuture<Void>> journaling = new ArrayList<>();
    private SentHashes sentHashes;

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
}
