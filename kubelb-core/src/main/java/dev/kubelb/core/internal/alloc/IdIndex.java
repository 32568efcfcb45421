package dev.kubelb.core.internal.alloc;

import dev.kubelb.api.LoadBalancerId;
import java.util.ArrayList;
import java.util.List;

/**
 * Open-addressing hash set of {@link Holder}s keyed by their request id: one reference per slot, no
 * entry objects.
 */
final class IdIndex {
    private Holder[] slots = new Holder[16];
    private int size;

    private static int hash(LoadBalancerId id) {
        int h = id.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int size() {
        return size;
    }

    Holder get(LoadBalancerId id) {
        int mask = slots.length - 1;
        int i = hash(id) & mask;
        Holder h;
        while ((h = slots[i]) != null) {
            if (h.id.equals(id)) {
                return h;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Adds a holder whose id is not present. */
    void add(Holder holder) {
        if ((size + 1) * 4L > slots.length * 3L) {
            Holder[] old = slots;
            slots = new Holder[old.length * 2];
            size = 0;
            for (Holder h : old) {
                if (h != null) {
                    add(h);
                }
            }
        }
        int mask = slots.length - 1;
        int i = hash(holder.id) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = holder;
        size++;
    }

    Holder remove(LoadBalancerId id) {
        int mask = slots.length - 1;
        int i = hash(id) & mask;
        Holder h;
        while ((h = slots[i]) != null) {
            if (h.id.equals(id)) {
                int hole = i;
                int j = i;
                while (true) {
                    j = (j + 1) & mask;
                    if (slots[j] == null) {
                        break;
                    }
                    int k = hash(slots[j].id) & mask;
                    boolean inRange = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
                    if (!inRange) {
                        slots[hole] = slots[j];
                        hole = j;
                    }
                }
                slots[hole] = null;
                size--;
                return h;
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
