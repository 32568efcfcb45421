package dev.kubelb.core.internal.alloc;

/**
 * Open-addressing hash map from a 128-bit address value (two longs) to its cell: the exclusive
 * {@link Holder} or the sharing {@link Group}. Linear probing with backward-shift deletion; no object per
 * entry, about 20 bytes per slot.
 */
final class AddressIndex {
    /** hi and lo of slot i at 2i and 2i+1: one cache line for both halves. */
    private long[] keys;
    private Object[] vals;
    private int size;
    private int mask;

    AddressIndex() {
        init(16);
    }

    private void init(int capacity) {
        keys = new long[capacity * 2];
        vals = new Object[capacity];
        mask = capacity - 1;
    }

    /**
     * Mixes everything but the last 3 bits, which are kept: 8 consecutive addresses (the common case,
     * addresses are handed out in order) land in 8 consecutive slots, sharing cache lines, while strided
     * patterns (one address per /24, per /64...) are still spread.
     */
    static int hash(long hi, long lo) {
        long h = (lo >>> 3) ^ Long.rotateLeft(hi, 29) ^ (hi >>> 7);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) ((h << 3) | (lo & 7));
    }

    int size() {
        return size;
    }

    Object get(long hi, long lo) {
        int i = hash(hi, lo) & mask;
        Object v;
        while ((v = vals[i]) != null) {
            if (keys[2 * i + 1] == lo && keys[2 * i] == hi) {
                return v;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Inserts or replaces. */
    void put(long hi, long lo, Object value) {
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        int i = hash(hi, lo) & mask;
        while (vals[i] != null) {
            if (keys[2 * i + 1] == lo && keys[2 * i] == hi) {
                vals[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[2 * i] = hi;
        keys[2 * i + 1] = lo;
        vals[i] = value;
        size++;
    }

    Object remove(long hi, long lo) {
        int i = hash(hi, lo) & mask;
        Object v;
        while ((v = vals[i]) != null) {
            if (keys[2 * i + 1] == lo && keys[2 * i] == hi) {
                deleteSlot(i);
                size--;
                return v;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private void deleteSlot(int hole) {
        int i = hole;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (vals[j] == null) {
                break;
            }
            int k = hash(keys[2 * j], keys[2 * j + 1]) & mask;
            // move j into the hole unless its home k lies cyclically in (i, j]
            boolean inRange = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!inRange) {
                keys[2 * i] = keys[2 * j];
                keys[2 * i + 1] = keys[2 * j + 1];
                vals[i] = vals[j];
                i = j;
            }
        }
        vals[i] = null;
        keys[2 * i] = 0;
        keys[2 * i + 1] = 0;
    }

    private void grow() {
        long[] ok = keys;
        Object[] ov = vals;
        init(ov.length * 2);
        size = 0;
        for (int i = 0; i < ov.length; i++) {
            if (ov[i] != null) {
                put(ok[2 * i], ok[2 * i + 1], ov[i]);
            }
        }
    }

    /** Visits every entry. */
    void forEach(Visitor visitor) {
        for (int i = 0; i < vals.length; i++) {
            if (vals[i] != null) {
                visitor.visit(keys[2 * i], keys[2 * i + 1], vals[i]);
            }
        }
    }

    /** Receives entries. */
    interface Visitor {
        void visit(long hi, long lo, Object cell);
    }
}
