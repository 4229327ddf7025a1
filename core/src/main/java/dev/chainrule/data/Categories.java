package dev.chainrule.data;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reading category values (class labels, one-hot categories) from CSV fields. */
final class Categories {
    private Categories() {
    }

    /** The trimmed value of a field; an empty field is an error naming file, line and column. */
    static String value(CsvTable table, int row, int col) {
        String v = table.field(row, col).strip();
        if (v.isEmpty()) {
            throw table.error(row, col, "empty field; expected a category");
        }
        return v;
    }

    /** The distinct values of the given rows, in first-seen order. */
    static Set<String> distinct(CsvTable table, int col, int[] rows) {
        Set<String> seen = new LinkedHashSet<>();
        for (int r : rows) {
            seen.add(value(table, r, col));
        }
        return seen;
    }

    /** The index of the row's value among {@code known}; a value not known is an error naming it and the known ones. */
    static int indexOf(CsvTable table, int row, int col, List<String> known, String what) {
        String v = value(table, row, col);
        int k = known.indexOf(v);
        if (k < 0) {
            throw table.error(row, col, what + " \"" + v + "\" was not seen in the training data; known: "
                    + String.join(", ", known));
        }
        return k;
    }
}
