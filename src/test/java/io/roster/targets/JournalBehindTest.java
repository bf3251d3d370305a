package io.roster.targets;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JournalBehindTest {

    @Test
    void entriesAreWrittenInTheOrderSentAndDrainWaitsForAll() {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        List<Integer> written = new CopyOnWriteArrayList<>();
        JournalBehind journal = new JournalBehind();
        for (int i = 0; i < 10; i++) {
            int n = i;
            journal.write(() -> written.add(n), thread);
        }
        journal.drain();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), written);
        thread.shutdown();
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void entriesAPoolDropsAsItShutsDownAreWrittenByDrainNotLostOrWaitedForForever() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        CountDownLatch blocking = new CountDownLatch(1);
        List<Integer> written = new CopyOnWriteArrayList<>();
        JournalBehind journal = new JournalBehind();
        journal.write(() -> {
            try {
                blocking.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(0);
        }, thread);
        journal.write(() -> written.add(1), thread);
        journal.write(() -> written.add(2), thread);
        thread.shutdownNow(); // as Camel stops its pools: the queued entries are dropped, the running one interrupted
        journal.write(() -> written.add(3), thread); // after the shutdown: written by the sender
        journal.drain();
        assertEquals(List.of(0, 1, 2, 3), written.stream().sorted().toList(), "every entry written once");
    }

    @Test
    void aFailedEntryIsThrownByDrainUnwrapped() {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        JournalBehind journal = new JournalBehind();
        journal.write(() -> {
            throw new IllegalStateException("state store down");
        }, thread);
        IllegalStateException e = assertThrows(IllegalStateException.class, journal::drain);
        assertEquals("state store down", e.getMessage());
        thread.shutdown();
    }
}
