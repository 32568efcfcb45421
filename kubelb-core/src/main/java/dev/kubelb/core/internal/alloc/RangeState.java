package dev.kubelb.core.internal.alloc;

import dev.kubelb.api.AddressRange;
import dev.kubelb.api.IpFamily;
import java.util.TreeSet;

/**
 * Occupancy of one range of a pool, as maximal runs of occupied addresses (memory proportional to the
 * number of runs, never to the range's size). Addresses a pool with {@code avoidBuggyIPs} never hands
 * out count as occupied for merging, so a range filled in order stays one run. Lowest free address,
 * occupy and vacate are O(log runs).
 */
final class RangeState {
    final PoolState pool;
    /** Position of the range in its pool's declared order. */
    final int index;
    final AddressRange def;
    final boolean v6;
    final boolean avoidBuggy;
    final long fHi;
    final long fLo;
    final long lHi;
    final long lLo;
    private final TreeSet<Run> runs = new TreeSet<>(RangeState::compareStart);
    private final Run probe = new Run(0, 0);
    /** Result of the last seek. */
    long curHi;
    long curLo;

    RangeState(PoolState pool, int index, AddressRange def) {
        this.pool = pool;
        this.index = index;
        this.def = def;
        this.v6 = def.family() == IpFamily.IPV6;
        this.avoidBuggy = !v6 && pool.def.avoidBuggyIps();
        this.fHi = def.first().hi();
        this.fLo = def.first().lo();
        this.lHi = def.last().hi();
        this.lLo = def.last().lo();
    }

    /** A run of occupied addresses; mutated in place only in ways that keep the set's order. */
    static final class Run {
        long sHi;
        long sLo;
        long eHi;
        long eLo;

        Run(long hi, long lo) {
            sHi = hi;
            sLo = lo;
            eHi = hi;
            eLo = lo;
        }
    }

    static int cmp(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    private static int compareStart(Run a, Run b) {
        return cmp(a.sHi, a.sLo, b.sHi, b.sLo);
    }

    /** @return whether the address lies in the range (ignoring avoided addresses) */
    boolean contains(long hi, long lo) {
        return cmp(fHi, fLo, hi, lo) <= 0 && cmp(hi, lo, lHi, lLo) <= 0;
    }

    /** @return whether the range offers the address: inside and not an avoided .0/.255 */
    boolean offers(long hi, long lo) {
        return contains(hi, lo) && !(avoidBuggy && isBuggy(lo));
    }

    static boolean isBuggy(long lo) {
        long o = lo & 0xff;
        return o == 0 || o == 0xff;
    }

    /** Sets cur to the first offered address at or after (hi, lo); false when past the range's end. */
    private boolean seekFrom(long hi, long lo) {
        if (avoidBuggy) {
            long o = lo & 0xff;
            if (o == 0xff) {
                lo += 2;
            } else if (o == 0) {
                lo += 1;
            }
        }
        if (cmp(hi, lo, lHi, lLo) > 0) {
            return false;
        }
        curHi = hi;
        curLo = lo;
        return true;
    }

    /** Sets cur to the first offered address after (hi, lo); false when there is none in the range. */
    private boolean nextAfter(long hi, long lo) {
        if (hi == lHi && lo == lLo) {
            return false;
        }
        long nlo = lo + 1;
        return seekFrom(nlo == 0 ? hi + 1 : hi, nlo);
    }

    /** Sets cur to the last offered address before (hi, lo); the caller knows one exists. */
    private void prevBefore(long hi, long lo) {
        long plo = lo - 1;
        long phi = lo == 0 ? hi - 1 : hi;
        if (avoidBuggy) {
            long o = plo & 0xff;
            if (o == 0) {
                plo -= 2;
            } else if (o == 0xff) {
                plo -= 1;
            }
        }
        curHi = phi;
        curLo = plo;
    }

    /**
     * Finds the lowest offered address that is not occupied.
     *
     * @return whether there is one; it is then in {@link #curHi}/{@link #curLo}
     */
    boolean lowestFree() {
        if (!seekFrom(fHi, fLo)) {
            return false;
        }
        if (runs.isEmpty()) {
            return true;
        }
        long h = curHi;
        long l = curLo;
        probe.sHi = h;
        probe.sLo = l;
        Run r = runs.floor(probe);
        if (r != null && cmp(r.eHi, r.eLo, h, l) >= 0) {
            return nextAfter(r.eHi, r.eLo);
        }
        curHi = h;
        curLo = l;
        return true;
    }

    /** @return whether the offered address is occupied */
    boolean isOccupied(long hi, long lo) {
        probe.sHi = hi;
        probe.sLo = lo;
        Run r = runs.floor(probe);
        return r != null && cmp(r.eHi, r.eLo, hi, lo) >= 0;
    }

    /** Marks a free offered address occupied. */
    void occupy(long hi, long lo) {
        probe.sHi = hi;
        probe.sLo = lo;
        Run pred = runs.floor(probe);
        if (pred != null && nextAfter(pred.eHi, pred.eLo) && curHi == hi && curLo == lo) {
            pred.eHi = hi;
            pred.eLo = lo;
            Run succ = runs.higher(pred);
            if (succ != null && nextAfter(hi, lo) && curHi == succ.sHi && curLo == succ.sLo) {
                pred.eHi = succ.eHi;
                pred.eLo = succ.eLo;
                runs.remove(succ);
            }
            return;
        }
        Run succ = runs.higher(probe);
        if (succ != null && nextAfter(hi, lo) && curHi == succ.sHi && curLo == succ.sLo) {
            succ.sHi = hi; // still after pred's end: order kept
            succ.sLo = lo;
            return;
        }
        runs.add(new Run(hi, lo));
    }

    /** Marks an occupied offered address free. */
    void vacate(long hi, long lo) {
        probe.sHi = hi;
        probe.sLo = lo;
        Run r = runs.floor(probe);
        if (r == null || cmp(r.eHi, r.eLo, hi, lo) < 0) {
            throw new IllegalStateException("address not occupied in " + def);
        }
        boolean isStart = r.sHi == hi && r.sLo == lo;
        boolean isEnd = r.eHi == hi && r.eLo == lo;
        if (isStart && isEnd) {
            runs.remove(r);
        } else if (isStart) {
            nextAfter(hi, lo);
            r.sHi = curHi;
            r.sLo = curLo;
        } else if (isEnd) {
            prevBefore(hi, lo);
            r.eHi = curHi;
            r.eLo = curLo;
        } else {
            nextAfter(hi, lo);
            Run tail = new Run(curHi, curLo);
            tail.eHi = r.eHi;
            tail.eLo = r.eLo;
            prevBefore(hi, lo);
            r.eHi = curHi;
            r.eLo = curLo;
            runs.add(tail);
        }
    }

    /** @return the number of runs (for tests of the memory claim) */
    int runCount() {
        return runs.size();
    }

    void clear() {
        runs.clear();
    }
}
