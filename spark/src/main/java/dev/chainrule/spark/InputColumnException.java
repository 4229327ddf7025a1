package dev.chainrule.spark;

/**
 * A training DataFrame that cannot be trained on: a missing column, a null feature vector, a
 * vector of the wrong size, a feature that is not a finite number, or a label that is null or out
 * of range. Thrown by {@code fit} before any training round starts; the message names the column
 * and, for a bad value, the row (counted from 1 in the DataFrame's partition order) and what was
 * expected.
 */
public final class InputColumnException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final long row;

    InputColumnException(String column, long row, String message) {
        super(message);
        this.column = column;
        this.row = row;
    }

    /** The column at fault. */
    public String column() {
        return column;
    }

    /** The 1-based row at fault, or 0 when the fault is the column itself (missing, wrong type). */
    public long row() {
        return row;
    }
}
