package lockstep.selftest;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines that differ between two versions of a file, found through their longest common
 * subsequence: what a contributor reads to see a variant's mistake at a glance.
 */
final class LineDiff {

    private final List<String> changes;

    private LineDiff(List<String> changes) {
        this.changes = changes;
    }

    /** The difference from {@code before} to {@code after}. */
    static LineDiff between(List<String> before, List<String> after) {
        int[][] common = new int[before.size() + 1][after.size() + 1];
        for (int i = before.size() - 1; i >= 0; i--) {
            for (int j = after.size() - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> changes = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            if (i < before.size() && j < after.size() && before.get(i).equals(after.get(j))) {
                i++;
                j++;
            } else if (j < after.size() && (i == before.size() || common[i][j + 1] >= common[i + 1][j])) {
                changes.add(String.format("+%4d %s", j + 1, after.get(j)));
                j++;
            } else {
                changes.add(String.format("-%4d %s", i + 1, before.get(i)));
                i++;
            }
        }
        return new LineDiff(changes);
    }

    /** How many lines were removed or added. */
    int changedLines() {
        return changes.size();
    }

    /** The removed ({@code -}) and added ({@code +}) lines, each with its line number, one per line. */
    @Override
    public String toString() {
        return String.join(System.lineSeparator(), changes);
    }
}
