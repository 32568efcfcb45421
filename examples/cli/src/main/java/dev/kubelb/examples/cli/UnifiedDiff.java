package dev.kubelb.examples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff in the unified format of {@code diff -u} (what {@code kubectl diff} prints): hunks with three lines
 * of context, {@code @@ -a,b +c,d @@} headers. Longest common subsequence by dynamic programming: objects are
 * short, so quadratic is fine.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** One line of the edit script: ' ' kept, '-' removed, '+' added. */
    private record Edit(char op, String line, int oldLine, int newLine) {
    }

    /**
     * @param oldName the name after {@code ---}
     * @param newName the name after {@code +++}
     * @param a the old lines
     * @param b the new lines
     * @return the unified diff, empty when the lines are equal
     */
    static List<String> diff(String oldName, String newName, List<String> a, List<String> b) {
        List<Edit> edits = edits(a, b);
        List<String> out = new ArrayList<>();
        if (edits.stream().allMatch(e -> e.op() == ' ')) {
            return out;
        }
        out.add("--- " + oldName);
        out.add("+++ " + newName);
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend over changes separated by at most 2 * CONTEXT unchanged lines
            int j = i;
            while (j < edits.size()) {
                if (edits.get(j).op() != ' ') {
                    end = j;
                    j++;
                    continue;
                }
                int k = j;
                while (k < edits.size() && edits.get(k).op() == ' ') {
                    k++;
                }
                if (k < edits.size() && k - j <= 2 * CONTEXT) {
                    j = k;
                } else {
                    break;
                }
            }
            int stop = Math.min(edits.size(), end + CONTEXT + 1);
            out.add(header(edits.subList(start, stop)));
            for (Edit e : edits.subList(start, stop)) {
                out.add(e.op() + e.line());
            }
            i = stop;
        }
        return out;
    }

    private static String header(List<Edit> hunk) {
        int oldCount = 0;
        int newCount = 0;
        int oldStart = -1;
        int newStart = -1;
        for (Edit e : hunk) {
            if (e.op() != '+') {
                oldCount++;
                if (oldStart < 0) {
                    oldStart = e.oldLine();
                }
            }
            if (e.op() != '-') {
                newCount++;
                if (newStart < 0) {
                    newStart = e.newLine();
                }
            }
        }
        // diff -u: an empty side is shown as "-0,0" / "+0,0"; otherwise 1-based starts
        String o = oldCount == 0 ? hunk.get(0).oldLine() + ",0" : (oldStart + 1) + "," + oldCount;
        String n = newCount == 0 ? hunk.get(0).newLine() + ",0" : (newStart + 1) + "," + newCount;
        return "@@ -" + o + " +" + n + " @@";
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                out.add(new Edit(' ', a.get(i), i++, j++));
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Edit('-', a.get(i), i++, j)); // removals first, as diff prints them
            } else {
                out.add(new Edit('+', b.get(j), i, j++));
            }
        }
        return out;
    }
}
