package dev.kubelb.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line for long work on a terminal: {@code applying 1,200/5,000 objects  240/s  ETA 16 s}, redrawn in
 * place (carriage return) at most five times a second, erased when done. Silent when stderr is not a terminal
 * (piped, redirected, CI) and with {@code -q}: then nothing at all is printed.
 */
final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final boolean enabled;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private long lastDraw;
    private int lastWidth;

    Progress(PrintWriter err, boolean enabled, String what, long total) {
        this.err = err;
        this.enabled = enabled;
        this.what = what;
        this.total = total;
    }

    /** @return whether anything is drawn */
    boolean enabled() {
        return enabled;
    }

    /** One more unit done. */
    void step() {
        long d = done.incrementAndGet();
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastDraw < REDRAW_NANOS && d < total) {
                return;
            }
            lastDraw = now;
            draw(line(d, now));
        }
    }

    /** @return the line for {@code d} done at {@code now} */
    String line(long d, long now) {
        double secs = Math.max(1e-3, (now - start) / 1e9);
        double rate = d / secs;
        String eta = rate <= 0 || d >= total ? "0 s" : Math.round((total - Math.min(d, total)) / rate) + " s";
        return String.format("%s %,d/%,d  %,.0f/s  ETA %s", what, Math.min(d, total), total, rate, eta);
    }

    private void draw(String line) {
        String pad = " ".repeat(Math.max(0, lastWidth - line.length()));
        err.print("\r" + line + pad);
        err.flush();
        lastWidth = line.length();
    }

    @Override
    public synchronized void close() {
        if (enabled && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }
}
