package dev.chainrule.data;

import java.util.regex.Pattern;

/** Strict decimal numbers for data files: {@code 3}, {@code -0.5}, {@code .5}, {@code 1e-3}; no NaN, infinity, hex or suffixes. */
final class Numbers {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {
    }

    /** True when {@code text} (surrounding blanks ignored) is a finite decimal number. */
    static boolean isNumber(String text) {
        String s = text.strip();
        return DECIMAL.matcher(s).matches() && Double.isFinite(Double.parseDouble(s));
    }

    /** The value of a text for which {@link #isNumber} holds. */
    static double parse(String text) {
        return Double.parseDouble(text.strip());
    }

    /** The number in data row {@code row}, column {@code col}; throws naming file, line and column otherwise. */
    static double parse(CsvTable table, int row, int col) {
        String text = table.field(row, col);
        if (!isNumber(text)) {
            throw table.error(row, col, text.isBlank() ? "expected a number, got an empty field"
                    : "expected a number, got \"" + text + "\" (a column of categories must be declared categorical)");
        }
        return parse(text);
    }
}
