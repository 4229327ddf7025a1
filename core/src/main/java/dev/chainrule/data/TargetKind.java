package dev.chainrule.data;

/** Whether a CSV target column holds classes or real values. */
public enum TargetKind {
    /**
     * Classes unless every value is a number and the numbers are not all whole or take more
     * than {@link #MAX_AUTO_CLASSES} distinct values: {@code admit} (0/1) and {@code species}
     * (text) are classes, {@code price} (3.25, 7.5, ...) is a value.
     */
    AUTO,
    /** Class labels, any strings. */
    CLASSES,
    /** Real values (regression). */
    VALUES;

    /** The most distinct whole numbers {@link #AUTO} still takes for classes. */
    public static final int MAX_AUTO_CLASSES = 20;
}
