package dev.chainrule.train;

import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

/**
 * The rows of one training step: {@code features} {@code [rows, inputs]} and {@code targets}
 * {@code [rows, outputs]}. A {@link BatchPlan} hands out its own reused buffers (their contents
 * change with the next batch of the same size): copy them to keep them.
 */
public record Batch(Tensor features, Tensor targets) {

    /**
     * Checks that the features and targets have the same rows and dtype.
     *
     * @param features the features, {@code [n, inputs]}
     * @param targets the targets, {@code [n, outputs]}
     */
    public Batch {
        if (features.rows() != targets.rows()) {
            throw new ShapeException("a batch needs as many target rows as feature rows, got " + features.shape()
                    + " and " + targets.shape());
        }
    }

    /**
     * Number of examples.
     *
     * @return number of examples
     */
    public int rows() {
        return features.rows();
    }
}
