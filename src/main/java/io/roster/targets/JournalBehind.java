package io.roster.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * A run's journal entries, written behind its sends: each request's entry is written on the journal thread, in the
 * order the requests were sent, while the next request goes out, so the target and the state store work at the same
 * time. At most {@link #BEHIND} entries wait; {@link #drain} waits for all of them. Every change is noted as pending
 * before its request is sent, so one killed before its entry is written is still found by the next run.
 */
public final class JournalBehind {

    /** Sent requests whose journal entry may still be under way. */
    public static final int BEHIND = 3;

    private final Semaphore slots = new Semaphore(BEHIND);
    private final List<CompletableFuture<Void>> writing = new ArrayList<>();

    /**
     * Writes an entry on {@code thread} once a slot is free. The entry handles its own failures; it must not throw.
     * On a thread already shut down (Roster is stopping) it is written here, not dropped.
     */
    public void write(Runnable entry, ExecutorService thread) {
        Runnable released = () -> {
            try {
                entry.run();
            } finally {
                slots.release();
            }
        };
        slots.acquireUninterruptibly();
        if (thread.isShutdown()) {
            released.run();
            return;
        }
        synchronized (this) {
            writing.add(CompletableFuture.runAsync(released, thread));
        }
    }

    /**
     * Waits until every entry is written: all of them, even when one failed, so nothing is written for a run after
     * it has ended. The first failure is thrown once all are done.
     */
    public void drain() {
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            all = new ArrayList<>(writing);
            writing.clear();
        }
        RuntimeException first = null;
        for (CompletableFuture<Void> f : all) {
            try {
                f.join();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
