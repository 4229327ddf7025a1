package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Updates parameter values from their gradients.
 *
 * <p>Calling order: after each backward pass, {@code step(parameters)} once, with the same
 * parameter list every time. The optimizer keeps any per-parameter state (momentum, moment
 * estimates) itself, keyed by the {@link Parameter} object, so layers never hold optimizer
 * buffers; {@link #exportState} and {@link #importState} move it out and in as named tensors.
 * Hyperparameters are immutable and checked in the constructor. The step may be called alone
 * (for instance after {@link Parameter#setGradient} with gradients computed elsewhere).
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter from its gradient. The optimizer chooses how it
     * reads it: a rule that needs the gradient's values (momentum, Adam, a penalty) reads
     * {@link Parameter#gradient()}, which computes a gradient its layer left as a product; plain
     * SGD calls {@link Parameter#addScaledGradient}, which can fuse that product into the step.
     *
     * @param parameters the parameters, value and gradient pairs
     */
    void step(List<Parameter> parameters);

    /**
     * The per-parameter state (momentum, moments, step counts) of {@code parameters}, as copies
     * named {@code "<parameter name>.<buffer>"}, float64: for checkpoints and for averaging
     * between copies of a model. Empty for a rule without state, and by default.
     *
     * @param parameters the parameters, value and gradient pairs
     * @return the per-parameter state (momentum, moments, step counts) of {@code parameters}, as copies named {@code "<parameter name>.<buffer>"}, float64: for checkpoints and for averaging between copies of a model
     */
    default Map<String, Tensor> exportState(List<Parameter> parameters) {
        return Map.of();
    }

    /**
     * Replaces the state of {@code parameters} with named tensors as {@link #exportState}
     * writes them (copied in); refuses names it has no use for. By default only an empty state
     * is accepted.
     *
     * @param parameters the parameters, value and gradient pairs
     * @param state named tensors, as {@link #exportState} wrote them
     */
    default void importState(List<Parameter> parameters, Map<String, Tensor> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(this + " keeps no state, but got " + state.keySet().iterator().next());
        }
    }

    /**
     * The learning rate used by the next step (schedules change it between steps).
     *
     * @return the learning rate used by the next step (schedules change it between steps)
     */
    double learningRate();

    /**
     * Sets the learning rate for the following steps (used by schedules).
     *
     * @param learningRate the learning rate, positive
     */
    void setLearningRate(double learningRate);

    /**
     * Checks a learning rate: finite and positive.
     *
     * @param lr the learning rate, positive
     * @return the check learning rate
     */
    static double checkLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + lr);
        }
        return lr;
    }
}
