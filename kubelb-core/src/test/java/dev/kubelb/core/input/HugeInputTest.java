package dev.kubelb.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Hostile sizes cost little: a 40 MB scalar is refused after reading about the 3 MiB a document may hold (4 MiB at most) (the rest
 * of the stream is never read, so memory stays bounded), and an alias bomb is refused after about a thousand nodes.
 * The inputs are produced lazily: the test itself never holds 40 MB either.
 */
class HugeInputTest {
    private static final long FORTY_MB = 40L * 1000 * 1000;
    private static final int LIMIT = 3 * 1024 * 1024;

    /** head + {@code size} times {@code fill} + tail, generated as it is read; counts what was read. */
    static final class Generated extends InputStream {
        private final byte[] head;
        private final byte[] tail;
        private final byte fill;
        private final long size;
        long read;

        Generated(String head, char fill, long size, String tail) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.tail = tail.getBytes(StandardCharsets.UTF_8);
            this.fill = (byte) fill;
            this.size = size;
        }

        @Override
        public int read() {
            long total = head.length + size + tail.length;
            if (read >= total) {
                return -1;
            }
            long i = read++;
            return i < head.length ? head[(int) i] : i < head.length + size ? fill : tail[(int) (i - head.length - size)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }
    }

    private static void refusedEarly(Generated in, String message) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> InputReader.standard().read("huge.yaml", in)).isInstanceOf(InputException.class)
                .hasMessageContaining(message);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // one document's 3 MiB, the reader's two 256 KiB buffers and the decoder's read-ahead: 4 MiB of 40 MB
        assertThat(in.read).as("bytes read of a 40 MB input").isLessThanOrEqualTo(LIMIT + 1024 * 1024);
        assertThat(took).as("time to refuse it").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aFortyMegabyteQuotedScalarIsRefusedAfterTheDocumentLimit() {
        refusedEarly(new Generated("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {x: \"", 'x', FORTY_MB,
                "\"}\n"), "huge.yaml: document 1: document too large: longer than 3145728 code points");
    }

    @Test
    void aFortyMegabytePlainScalarIsRefusedAfterTheDocumentLimit() {
        refusedEarly(new Generated("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  x: ", 'x', FORTY_MB,
                "\n"), "document too large");
    }

    @Test
    void aFortyMegabyteAnnotationInASecondDocumentNamesThatDocument() {
        refusedEarly(new Generated("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\n"
                + "kind: Namespace\nmetadata: {name: b, annotations: {x: '", 'y', FORTY_MB, "'}}\n"),
                "huge.yaml: document 2: document too large");
    }

    @Test
    void aBillionLaughsIsRefusedAfterAboutAThousandNodes() {
        String lol = billionLaughs();
        long start = System.nanoTime();
        assertThatThrownBy(() -> InputReader.standard().read("lol.yaml", lol))
                .isInstanceOf(InputException.class)
                .hasMessageMatching("lol\\.yaml: document 1: data\\.a\\d.*: document contains excessive aliasing "
                        + "\\(\\d{3,4} of \\d{4} nodes expanded from aliases\\)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** @return the billion-laughs document: nine levels of ten aliases each (10^9 leaves when expanded) */
    static String billionLaughs() {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n");
        sb.append("  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            sb.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        return sb.toString();
    }
}
