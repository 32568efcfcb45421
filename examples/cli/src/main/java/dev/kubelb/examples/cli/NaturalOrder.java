package dev.kubelb.examples.cli;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Natural order, as a person sorts names: runs of digits compare by value, so {@code svc-2} comes before
 * {@code svc-10}; the rest compares character by character.
 */
final class NaturalOrder implements Comparator<String> {
    /** The one instance. */
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int c = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(ei - i, ej - j); // "01" after "1": equal values, shorter first
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int digitsEnd(String s, int from) {
        int e = from;
        while (e < s.length() && Character.isDigit(s.charAt(e))) {
            e++;
        }
        return e;
    }

    /**
     * Sorts rows (maps) by the given string fields, each in natural order.
     *
     * @param rows the rows, sorted in place
     * @param keys the fields, most significant first
     * @param <T> the row type
     * @return the rows
     */
    static <T extends Map<String, Object>> List<T> sortBy(List<T> rows, String... keys) {
        Comparator<Map<String, Object>> c = (x, y) -> 0;
        for (String k : keys) {
            c = c.thenComparing(m -> String.valueOf(m.get(k)), INSTANCE);
        }
        rows.sort(c);
        return rows;
    }
}
