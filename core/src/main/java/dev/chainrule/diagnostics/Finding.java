package dev.chainrule.diagnostics;

/**
 * Something about a training run that looks wrong, said in words.
 *
 * @param kind    what kind of problem
 * @param layer   the 1-based layer it is about, or 0 for the whole run
 * @param message one or two sentences: what was measured, what it means, what to try
 */
public record Finding(Kind kind, int layer, String message) {
    /** The kinds of problem {@link Diagnosis} looks for. */
    public enum Kind {
        /** Steps change the weights by much more than about a thousandth of their size. */
        UPDATE_RATIO_HIGH,
        /** Steps change the weights by much less than about a thousandth of their size. */
        UPDATE_RATIO_LOW,
        /** More than half of a ReLU layer's units never fire. */
        INACTIVE_UNITS,
        /** Most of a sigmoid or tanh layer's outputs sit in the flat ends. */
        SATURATED_UNITS,
        /** The training loss rose from one epoch to the next. */
        TRAINING_LOSS_INCREASING,
        /** The held-out loss kept rising after its best epoch. */
        VALIDATION_LOSS_INCREASING,
        /** Training stopped on a NaN, infinite or exploding loss. */
        DIVERGED
    }
}
