package io.roster.targets.signature365;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The people a run has read so far, as 64-bit hashes of their keys in an open-addressing table: a million people take
 * 16 MB, where a set of their keys would take over 100 MB, and nothing is written per person. Two different keys
 * share a hash with odds of about 1 in 10^7 at a million people; the cost would be one person not seen as gone until
 * a later run, never someone wrongly taken as gone.
 */
public final class SeenKeys {

    private static final long EMPTY = 0;
    private long[] table = new long[1 << 12];
    private int size;

    /** Adds a key; false when it was there already. */
    public synchronized boolean add(String key) {
        if ((size + 1) * 2L > table.length) {
            grow();
        }
        boolean added = insert(table, hash(key));
        if (added) {
            size++;
        }
        return added;
    }

    public synchronized boolean contains(String key) {
        long h = hash(key);
        int mask = table.length - 1;
        for (int i = (int) h & mask; table[i] != EMPTY; i = (i + 1) & mask) {
            if (table[i] == h) {
                return true;
            }
        }
        return false;
    }

    public synchronized int size() {
        return size;
    }

    private boolean insert(long[] t, long h) {
        int mask = t.length - 1;
        int i = (int) h & mask;
        for (; t[i] != EMPTY; i = (i + 1) & mask) {
            if (t[i] == h) {
                return false;
            }
        }
        t[i] = h;
        return true;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        Arrays.stream(old).filter(h -> h != EMPTY).forEach(h -> insert(table, h));
    }

    /** FNV-1a over the key's UTF-8 bytes, finished with SplitMix64's mixer; never 0 (the empty slot). */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == EMPTY ? 1 : h;
    }
}
