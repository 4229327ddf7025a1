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
     * Applies one update to every parameter from its gradient. The optimizer chooses how it
     * reads it: a rule that needs the gradient's values (momentum, Adam, a penalty) reads
     * {@link Parameter#gradient()}, which computes a gradient its layer left as a product; plain
     * SGD calls {@link Parameter#addScaledGradient}, which can fuse that product into the step.
     */
    void step(List<Parameter> parameters);

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
