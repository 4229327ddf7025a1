package dev.chainrule.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: the first column left-aligned (labels), the others
 * right-aligned (numbers), two spaces between columns, a dashed rule under the header.
 */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;
    private final String indent;

    TextTable(String indent, String... header) {
        this.indent = indent;
        this.header = header;
    }

    TextTable row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] instanceof Double d ? Numbers.seed(d) : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int columns = header.length;
        for (String[] r : rows) {
            columns = Math.max(columns, r.length);
        }
        int[] width = new int[columns];
        measure(header, width);
        for (String[] r : rows) {
            measure(r, width);
        }
        line(out, header, width);
        int total = 0;
        for (int w : width) {
            total += w;
        }
        out.println(indent + "-".repeat(total + 2 * (columns - 1)));
        for (String[] r : rows) {
            line(out, r, width);
        }
    }

    private static void measure(String[] r, int[] width) {
        for (int i = 0; i < r.length; i++) {
            width[i] = Math.max(width[i], r[i].length());
        }
    }

    private void line(PrintWriter out, String[] r, int[] width) {
        StringBuilder sb = new StringBuilder(indent);
        for (int i = 0; i < width.length; i++) {
            String cell = i < r.length ? r[i] : "";
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(width[i] - cell.length());
            sb.append(i == 0 ? cell + pad : pad + cell);
        }
        out.println(sb.toString().stripTrailing());
    }
}
