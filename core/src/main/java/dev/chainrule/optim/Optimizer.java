package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;

import java.util.List;

/**
 * Updates parameter values from their gradients.
 *
 * <p>Calling order: after each backward pass, {@code step(parameters)} once, with the same
 * parameter list every time. The optimizer keeps any per-parameter state (momentum, moment
 * estimates) itself, keyed by the {@link Parameter} object, so layers never hold optimizer
 * buffers. Hyperparameters are immutable and checked in the constructor.
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter, reading {@link Parameter#gradient()}; a parameter
     * whose layer already took this step in the backward pass
     * ({@link Parameter#consumeSteppedInBackward()}) is skipped.
     */
    void step(List<Parameter> parameters);

    /**
     * The rate {@code r} when this optimizer's next step on {@code p} is exactly
     * {@code w <- w - r * dL/dw} (no state, no penalty, no decay), so that a layer may take it
     * inside its backward pass ({@link Parameter#stepInBackward}); {@code NaN} otherwise, and
     * by default.
     */
    default double plainStepRate(Parameter p) {
        return Double.NaN;
    }

    /** The learning rate used by the next step (schedules change it between steps). */
    double learningRate();

    /** Sets the learning rate for the following steps (used by schedules). */
    void setLearningRate(double learningRate);

    /** Checks a learning rate: finite and positive. */
    static double checkLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + lr);
        }
        return lr;
    }
}
