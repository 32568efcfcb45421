package dev.kubelb.provider.metallb;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** Go's {@code time.Duration} text form ({@code 90s}, {@code 1m30s}, {@code 1.5h}, {@code 300ms}). */
final class GoDuration {
    private GoDuration() {
    }

    /**
     * @param text a Go duration, e.g. {@code 90s}
     * @return the duration, or empty when the text is not a (non-negative) Go duration
     */
    static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        int n = s.length();
        if (n == 0) {
            return Optional.empty();
        }
        while (i < n) {
            int start = i;
            while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (i == start) {
                return Optional.empty();
            }
            BigDecimal value;
            try {
                value = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < n && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long factor;
            switch (s.substring(unitStart, i)) {
                case "ns" -> factor = 1L;
                case "us", "\u00b5s", "\u03bcs" -> factor = 1_000L;
                case "ms" -> factor = 1_000_000L;
                case "s" -> factor = 1_000_000_000L;
                case "m" -> factor = 60_000_000_000L;
                case "h" -> factor = 3_600_000_000_000L;
                default -> {
                    return Optional.empty();
                }
            }
            nanos = nanos.add(value.multiply(BigDecimal.valueOf(factor)));
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /**
     * @param d a duration
     * @return its shortest exact text in a single unit: {@code 90s}, {@code 1500ms}, {@code 0s}
     */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() == 0) {
            return d.getSeconds() + "s";
        }
        long nanos = d.toNanos();
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
