package io.crosstrust.jobs.network.graph;

/**
 * Open-addressing hash map from a directed pair of node numbers, packed into one long ({@code
 * source << 32 | target}), to the pair's edge number. Linear probing, load factor at most 1/2, no
 * boxing: one probe sequence per edge update is what keeps {@link TradeGraph#addTrade} at O(1).
 *
 * <p>The key 0 marks an empty slot: it is the pair (0, 0), a self-loop, which is never stored.
 */
final class EdgeIndex {
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    EdgeIndex(int expectedEdges) {
        int capacity = MIN_CAPACITY;
        while (capacity < expectedEdges * 2L && capacity < (1 << 30)) {
            capacity <<= 1;
        }
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    private EdgeIndex(EdgeIndex other) {
        keys = other.keys.clone();
        values = other.values.clone();
        size = other.size;
        mask = other.mask;
    }

    static long pair(int source, int target) {
        return ((long) source << 32) | (target & 0xFFFF_FFFFL);
    }

    /** The edge number of the pair, or -1. */
    int get(long key) {
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * The edge number of the pair if present; otherwise stores {@code value} for it and returns -1.
     */
    int putIfAbsent(long key, int value) {
        if (key == 0) {
            throw new IllegalArgumentException("the pair (0, 0) is a self-loop");
        }
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == 0) {
                keys[slot] = key;
                values[slot] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    EdgeIndex copy() {
        return new EdgeIndex(this);
    }

    private int slot(long key) {
        // murmur3 fmix64: neighbouring node numbers must not land in neighbouring slots
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        if (oldKeys.length >= (1 << 30)) {
            throw new IllegalStateException("more than 2^29 edges in one graph");
        }
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long k = oldKeys[i];
            if (k != 0) {
                int slot = slot(k);
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k;
                values[slot] = oldValues[i];
            }
        }
    }

    @Override
    public String toString() {
        return "EdgeIndex{size=" + size + ", capacity=" + keys.length + "}";
    }
}
