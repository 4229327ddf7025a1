package dev.chainrule.train;

import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

/**
 * One backpropagation pass, without a step: forward in training mode (dropout on), the loss, its
 * gradient, backward. Afterwards every {@link Parameter} of the model holds
 * {@code dL/dparameter} (read with {@link Parameter#gradient()}) and the weights are unchanged;
 * an {@link dev.chainrule.optim.Optimizer#step} then applies them. The {@link Trainer} runs one
 * per batch; a data-parallel worker runs it alone and sends the gradients to the step.
 *
 * <p>The gradients are those of the <em>mean</em> loss over the batch's rows
 * ({@code L = (1/B) sum_b loss_b}, each {@link Loss}'s formula: the loss gradient is divided by
 * the batch's row count {@code B}). The gradients of parts of one batch, of {@code B_i} rows
 * each, combine into those of the whole as {@code sum_i B_i grad_i / sum_i B_i}; or each part
 * divides by the whole batch's row count ({@link #computeGradients(Batch, int)} with
 * {@code meanOver = sum_i B_i}), and then the parts' gradients and losses simply add up to the
 * whole's (up to the rounding of the order of the sums).
 *
 * <p>Buffers for the predictions and the loss gradient are kept for the two most recent batch
 * sizes: the steady state allocates nothing. Not thread-safe (the model's layers keep
 * per-pass buffers).
 */
public final class Backprop {
    private final Sequential model;
    private final Loss loss;
    private final Kernels kernels;
    private Tensor probabilities;
    private Tensor gradient;
    private Tensor olderProbabilities;
    private Tensor olderGradient;
    private Tensor lastProbabilities;

    /**
     * Gradients of {@code model}'s loss, with buffers for its batches.
     *
     * @param model the network, with a loss
     */
    public Backprop(Sequential model) {
        if (model.loss() == null) {
            throw new IllegalArgumentException("the model has no loss to train with; give one to the builder");
        }
        this.model = model;
        this.loss = model.loss();
        this.kernels = model.kernels();
    }

    /**
     * @return the network whose gradients are computed
     */
    public Sequential model() {
        return model;
    }

    /**
     * Forward, loss and backward on {@code batch}; every parameter's gradient becomes that of the
     * batch's mean loss. Returns that loss (before any step).
     *
     * @param batch the examples and their targets
     * @return the batch's mean loss
     */
    public double computeGradients(Batch batch) {
        return computeGradients(batch, batch.rows());
    }

    /**
     * As {@link #computeGradients(Batch)}, with the loss and its gradient divided by
     * {@code meanOver} instead of the batch's row count: the batch's share of the mean over a
     * larger batch of {@code meanOver} rows that it is part of (a data-parallel worker's part
     * of a global batch). Returns that share of the loss.
     *
     * @param batch the examples and their targets
     * @param meanOver the row count of the whole (global) batch
     * @return this part's share of the mean loss
     */
    public double computeGradients(Batch batch, int meanOver) {
        Tensor raw = model.forward(batch.features(), true);
        Tensor p = probabilitiesFor(raw);
        double value = loss.valueAndGradient(kernels, raw, batch.targets(), p, gradient, meanOver);
        model.backward(gradient);
        lastProbabilities = p;
        return value;
    }

    /**
     * The predictions of the last batch ({@link Loss#probabilities} of its raw outputs, e.g.
     * softmax rows), {@code [rows, outputs]}; a buffer the next batch of that size overwrites.
     *
     * @return the predictions of the last batch ({@link Loss#probabilities} of its raw outputs, e.g. softmax rows),
     *         {@code [rows, outputs]}; a buffer the next batch of that size overwrites
     */
    public Tensor probabilities() {
        if (lastProbabilities == null) {
            throw new IllegalStateException("no batch yet: call computeGradients first");
        }
        return lastProbabilities;
    }

    /**
     * {@code dL/d(raw output)} of the last batch: the gradient that entered the last layer.
     *
     * @return {@code dL/d(raw output)} of the last batch: the gradient that entered the last layer
     */
    public Tensor outputGradient() {
        probabilities();
        return gradient;
    }

    /** Buffers of the raw output's shape: the two most recent shapes are kept. */
    private Tensor probabilitiesFor(Tensor raw) {
        if (!fits(probabilities, raw)) {
            Tensor p = olderProbabilities;
            Tensor g = olderGradient;
            if (!fits(p, raw)) {
                p = Tensor.zeros(raw.dtype(), raw.rows(), raw.cols());
                g = Tensor.zeros(raw.dtype(), raw.rows(), raw.cols());
            }
            olderProbabilities = probabilities;
            olderGradient = gradient;
            probabilities = p;
            gradient = g;
        }
        return probabilities;
    }

    private static boolean fits(Tensor t, Tensor like) {
        return t != null && t.rows() == like.rows() && t.cols() == like.cols() && t.dtype() == like.dtype();
    }
}
