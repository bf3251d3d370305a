package io.roster.targets.signature365;

import io.roster.plan.Signature365Planner;
import io.roster.state.Json;

/**
 * What Roster last sent each person of one job and target, kept for a run as 64-bit hashes: the key's hash (as
 * {@link SeenKeys} takes it) to the first 64 bits of the content hash. Read once per run in one streamed query, so a
 * batch is planned without asking the database about the people in it; a million people take 32 MB.
 * <p>
 * It only ever says "unchanged" or "maybe sent before": the people it marks changed have their stored row read
 * before anything is written. Two keys sharing a hash (about 1 in 10^7 at a million people) could only make a
 * person whose values equal the other's last-sent values look unchanged.
 */
public final class SentHashes implements Signature365Planner.SentBefore {

    private static final long EMPTY = 0;
    private long[] keys = new long[1 << 12];
    private long[] values = new long[1 << 12];
    private int size;

    /** Notes what was sent to this person, replacing what was noted before. */
    public synchronized void put(String key, String contentHash) {
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        if (insert(keys, values, SeenKeys.hash(key), Json.prefix(contentHash))) {
            size++;
        }
    }

    /** Whether something was sent to this person (maybe: see the class note). */
    @Override
    public synchronized boolean has(String key) {
        return slot(SeenKeys.hash(key)) >= 0;
    }

    /** Whether what was last sent to this person has a content hash starting with these 64 bits. */
    @Override
    public synchronized boolean sameAs(String key, long contentHashPrefix) {
        int i = slot(SeenKeys.hash(key));
        return i >= 0 && values[i] == contentHashPrefix;
    }

    public synchronized int size() {
        return size;
    }

    private int slot(long h) {
        int mask = keys.length - 1;
        for (int i = (int) h & mask; keys[i] != EMPTY; i = (i + 1) & mask) {
            if (keys[i] == h) {
                return i;
            }
        }
        return -1;
    }

    private static boolean insert(long[] ks, long[] vs, long h, long v) {
        int mask = ks.length - 1;
        int i = (int) h & mask;
        for (; ks[i] != EMPTY; i = (i + 1) & mask) {
            if (ks[i] == h) {
                vs[i] = v;
                return false;
            }
        }
        ks[i] = h;
        vs[i] = v;
        return true;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(keys, values, oldKeys[i], oldValues[i]);
            }
        }
    }
}
