package dev.kubelb.core.internal.alloc;

import java.util.Arrays;

/**
 * An address held under a sharing key by one or more requests.
 */
final class Group {
    final boolean v6;
    final long hi;
    final long lo;
    final String key;
    /** Where the address lies (null when outside every pool); set on insertion and on reconfiguration. */
    RangeState loc;
    private Holder[] members = new Holder[2];
    private int n;

    Group(boolean v6, long hi, long lo, String key) {
        this.v6 = v6;
        this.hi = hi;
        this.lo = lo;
        this.key = key;
    }

    int size() {
        return n;
    }

    Holder member(int i) {
        return members[i];
    }

    void add(Holder h) {
        if (n == members.length) {
            members = Arrays.copyOf(members, n * 2);
        }
        members[n++] = h;
    }

    void remove(Holder h) {
        for (int i = 0; i < n; i++) {
            if (members[i] == h) {
                System.arraycopy(members, i + 1, members, i, n - i - 1);
                members[--n] = null;
                return;
            }
        }
    }

    boolean hasTenant(String tenant) {
        for (int i = 0; i < n; i++) {
            if (members[i].tenant().equals(tenant)) {
                return true;
            }
        }
        return false;
    }

    /** Orders groups as allocation walks a pool: by range in declared order, then by address. */
    static int compare(Group a, Group b) {
        int c = Integer.compare(a.loc.index, b.loc.index);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(a.hi, b.hi);
        return c != 0 ? c : Long.compareUnsigned(a.lo, b.lo);
    }
}
