package dev.chainrule.data;

import dev.chainrule.io.Excerpt;

import java.util.List;
import java.util.Map;

/** Finding CSV columns by name, and messages that name a column. */
final class Columns {
    /** At most this many column names are listed in a message. */
    private static final int LISTED = 10;

    private Columns() {
    }

    /** The 0-based index of {@code column} in {@code source}, or -1. */
    static int indexOf(CsvSource source, String column) {
        if (source instanceof CsvTable t) {
            return t.indexOf(column);
        }
        return ((CsvFile) source).indexOf(column);
    }

    /** The index of a column; throws naming the file and (some of) the header's columns when absent. */
    static int require(CsvSource source, Map<String, Integer> index, String column, String role) {
        Integer i = index.get(column);
        if (i == null) {
            throw new DataFormatException(source.source(), source.headerLine(), "no " + role + " column " + Excerpt.quoted(column)
                    + "; the " + (source.headerLine() > 0 ? "header has " : "file has columns ") + list(source.header()));
        }
        return i;
    }

    /** The 0-based index of a column, or an error naming the file and its columns. */
    static int require(CsvSource source, String column, String role) {
        int i = indexOf(source, column);
        if (i < 0) {
            throw new DataFormatException(source.source(), source.headerLine(), "no " + role + " column " + Excerpt.quoted(column)
                    + "; the " + (source.headerLine() > 0 ? "header has " : "file has columns ") + list(source.header()));
        }
        return i;
    }

    /** Up to ten names, each shortened, then how many there are in all. */
    static String list(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(LISTED, names.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(Excerpt.of(names.get(i)));
        }
        if (names.size() > LISTED) {
            sb.append(", ... (").append(String.format(java.util.Locale.ROOT, "%,d", names.size())).append(" columns)");
        }
        return sb.toString();
    }

    /** A value error in a record: names the file, the line, the column and its position. */
    static DataFormatException error(CsvSource source, CsvRecordView r, int column, String detail) {
        return new DataFormatException(source.source(), r.line(), "column " + Excerpt.quoted(source.header().get(column))
                + " (field " + (column + 1) + "): " + detail);
    }

    /** The error for a field that is not a number, or is one outside the range of {@code dtype}. */
    static DataFormatException notANumber(CsvSource source, CsvRecordView r, int column, double parsed, boolean float32) {
        if (Double.isInfinite(parsed) || (float32 && !Double.isNaN(parsed))) {
            return error(source, r, column, r.quoted(column) + " is outside the " + (float32
                    ? "float32 range (largest 3.4028235e38)" : "double range (largest 1.8e308)"));
        }
        String raw = r.raw(column);
        return error(source, r, column, raw.isBlank() ? "expected a number, got an empty field"
                : "expected a number, got " + r.quoted(column) + " (a column of categories must be declared categorical)");
    }
}
