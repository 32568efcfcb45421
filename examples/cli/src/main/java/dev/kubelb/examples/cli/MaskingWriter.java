package dev.kubelb.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A writer that masks known secrets ({@link Secrets#mask}) in everything written through it. Text is held until a
 * line ends (or a flush), so a secret split over two writes is still found.
 */
final class MaskingWriter extends Writer {
    private final Writer target;
    private final StringBuilder pending = new StringBuilder();

    private MaskingWriter(Writer target) {
        this.target = target;
    }

    /** @param w a writer @return a print writer masking secrets before they reach {@code w} */
    static PrintWriter wrap(PrintWriter w) {
        return new PrintWriter(new MaskingWriter(w), true);
    }

    /** @param out a stream (System.out / System.err) @return a print stream masking secrets */
    static PrintStream wrap(PrintStream out) {
        PrintWriter pw = new PrintWriter(new MaskingWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)));
        return new PrintStream(new OutputStream() {
            private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                buf.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() {
                pw.write(buf.toString(StandardCharsets.UTF_8));
                buf.reset();
                pw.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            pending.append(cbuf[i]);
            if (cbuf[i] == '\n' || cbuf[i] == '\r') {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        if (pending.length() > 0) {
            target.write(Secrets.mask(pending.toString()));
            pending.setLength(0);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        drain();
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
    }
}
