package dev.chainrule.spark;

import java.io.Serializable;

/**
 * What a valid label is: a class index {@code 0 <= k < classes} (whole number; {@code classes}
 * -1 when not yet known, then any whole number {@code >= 0}), or any finite number for regression.
 *
 * @param classification class labels or regression targets
 * @param classes        the number of classes when known, else -1 (ignored for regression)
 */
record LabelRule(boolean classification, int classes) implements Serializable {

    static LabelRule regression() {
        return new LabelRule(false, -1);
    }

    static LabelRule classes(int count) {
        return new LabelRule(true, count);
    }

    /** What is wrong with {@code label}, as the end of a sentence ({@code "is -1.0; ..."}), or null when it is fine. */
    String problem(double label) {
        if (Double.isNaN(label) || Double.isInfinite(label)) {
            return "is " + label + "; every label must be a finite number";
        }
        if (!classification) {
            return null;
        }
        if (label < 0 || label != Math.rint(label)) {
            return "is " + label + "; class labels are whole numbers 0, 1, 2, ... (index them with StringIndexer)";
        }
        if (classes > 0 && label >= classes) {
            return "is " + label + " but there are " + classes + " classes, labelled 0 to " + (classes - 1);
        }
        return null;
    }
}
