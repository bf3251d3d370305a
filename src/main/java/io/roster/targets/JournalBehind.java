package io.roster.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run's journal entries, written behind its sends: each request's entry is written on the journal thread, in the
 * order the requests were sent, while the next request goes out, so the target and the state store work at the same
 * time. At most {@link #BEHIND} entries wait; {@link #drain} waits for all of them. Every change is noted as pending
 * before its request is sent, so one killed before its entry is written is still found by the next run. An entry is
 * never dropped: one the journal thread cannot take (Roster is stopping) is written by the sender, or by drain.
 */
public final class JournalBehind {

    /** Sent requests whose journal entry may still be under way. */
    public static final int BEHIND = 3;

    /** An entry on its way: written once, by whichever side claims it first. */
    private record Entry(Runnable write, AtomicBoolean claimed, CompletableFuture<Void> done, ExecutorService thread) {
        void runIfUnclaimed() {
            if (claimed.compareAndSet(false, true)) {
                write.run();
            }
        }
    }

    private final Semaphore slots = new Semaphore(BEHIND);
    private final List<Entry> writing = new ArrayList<>();

    /** Writes an entry on {@code thread} once a slot is free. The entry handles its own failures; it must not throw. */
    public void write(Runnable entry, ExecutorService thread) {
        slots.acquireUninterruptibly();
        Entry e = new Entry(() -> {
            try {
                entry.run();
            } finally {
                slots.release();
            }
        }, new AtomicBoolean(), new CompletableFuture<>(), thread);
        try {
            if (thread.isShutdown()) {
                e.runIfUnclaimed();
                return;
            }
            synchronized (this) {
                writing.add(e);
            }
            CompletableFuture.runAsync(e::runIfUnclaimed, thread).whenComplete((ok, failed) -> {
                if (failed != null) {
                    e.done().completeExceptionally(failed);
                } else {
                    e.done().complete(null);
                }
            });
        } catch (RejectedExecutionException stopping) {
            e.runIfUnclaimed(); // the pool closed between the check and the hand-over: written here
            e.done().complete(null);
        }
    }

    /**
     * Waits until every entry is written: all of them, even when one failed, so nothing is written for a run after
     * it has ended. An entry the journal thread dropped as it shut down is written here. The first failure is thrown
     * once all are done.
     */
    public void drain() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(writing);
            writing.clear();
        }
        RuntimeException first = null;
        for (Entry e : all) {
            try {
                waitFor(e);
            } catch (RuntimeException failed) {
                first = first == null ? failed : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void waitFor(Entry e) {
        while (true) {
            try {
                e.done().get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException notYet) {
                if (e.thread().isShutdown() && !e.claimed().get()) {
                    e.runIfUnclaimed(); // dropped by a pool that shut down before it ran
                    return;
                }
            } catch (ExecutionException | CompletionException failed) {
                Throwable cause = failed.getCause() == null ? failed : failed.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e.runIfUnclaimed(); // not left unwritten: if the journal thread has not begun it, it is written here
                return;
            }
        }
    }
}
