package dev.kubelb.core.internal.alloc;

import dev.kubelb.api.LoadBalancerId;
import java.util.ArrayList;
import java.util.List;

/**
 * Open-addressing hash set of {@link Holder}s keyed by their request id: per slot one reference and
 * the id's mixed hash (so a probe dereferences a holder only when the hashes match), no entry objects.
 * Load at most 1/2 keeps probes for absent ids short.
 */
final class IdIndex {
    private Holder[] slots = new Holder[16];
    private int[] hashes = new int[16];
    private int size;

    private static int hash(LoadBalancerId id) {
        // murmur3's finaliser: ids' hash codes are clustered (names differing in a digit)
        int h = id.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    int size() {
        return size;
    }

    Holder get(LoadBalancerId id) {
        int h = hash(id);
        int mask = hashes.length - 1;
        int i = h & mask;
        int x;
        while ((x = hashes[i]) != 0) { // only the hash array is read until a hash matches
            if (x == h && slots[i].id.equals(id)) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Adds a holder whose id is not present. */
    void add(Holder holder) {
        if ((size + 1) * 2L > slots.length) {
            Holder[] old = slots;
            int[] oldHashes = hashes;
            slots = new Holder[old.length * 2];
            hashes = new int[old.length * 2];
            size = 0;
            for (int i = 0; i < old.length; i++) {
                if (old[i] != null) {
                    insert(old[i], oldHashes[i]);
                }
            }
        }
        insert(holder, hash(holder.id));
    }

    private void insert(Holder holder, int h) {
        int mask = hashes.length - 1;
        int i = h & mask;
        while (hashes[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = holder;
        hashes[i] = h;
        size++;
    }

    Holder remove(LoadBalancerId id) {
        int h = hash(id);
        int mask = slots.length - 1;
        int i = h & mask;
        Holder s;
        while ((s = slots[i]) != null) {
            if (hashes[i] == h && s.id.equals(id)) {
                int hole = i;
                int j = i;
                while (true) {
                    j = (j + 1) & mask;
                    if (slots[j] == null) {
                        break;
                    }
                    int k = hashes[j] & mask;
                    // move j into the hole unless its home k lies cyclically in (hole, j]
                    boolean inRange = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
                    if (!inRange) {
                        slots[hole] = slots[j];
                        hashes[hole] = hashes[j];
                        hole = j;
                    }
                }
                slots[hole] = null;
                hashes[hole] = 0;
                size--;
                return s;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    List<Holder> all() {
        List<Holder> out = new ArrayList<>(size);
        for (Holder h : slots) {
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }
}
