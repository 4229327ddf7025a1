package dev.chainrule.metrics;

import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

/**
 * Top-k accuracy: the fraction of examples whose true class is among the {@code k} largest
 * outputs of the row. A class counts as in the top {@code k} when fewer than {@code k} outputs
 * are strictly larger than its own (so ties are counted in the example's favour). For
 * {@code k = 1} and no ties this is {@link Accuracy}. Needs one column per class.
 */
public final class TopKAccuracy {
    private TopKAccuracy() {
    }

    /**
     * The fraction of rows whose true class is among the {@code k} largest outputs.
     *
     * @param predictions the predictions, {@code [n, outputs]}
     * @param targets the targets, {@code [n, outputs]}
     * @param k how many of the largest outputs count, at least 1
     * @return the top-k accuracy, NaN for no rows
     */
    public static double of(Tensor predictions, Tensor targets, int k) {
        if (predictions.rows() != targets.rows() || predictions.cols() != targets.cols()) {
            throw new ShapeException("top-k accuracy: predictions " + predictions.shape() + " and targets "
                    + targets.shape() + " differ");
        }
        if (k < 1) {
            throw new IllegalArgumentException("top-k accuracy: k must be at least 1, got " + k);
        }
        if (predictions.cols() < 2) {
            throw new IllegalArgumentException("top-k accuracy needs one output column per class, got "
                    + predictions.cols());
        }
        if (predictions.rows() == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int r = 0; r < predictions.rows(); r++) {
            int truth = Accuracy.trueClass(targets, r);
            double own = predictions.get(r, truth);
            int larger = 0;
            for (int c = 0; c < predictions.cols(); c++) {
                if (predictions.get(r, c) > own) {
                    larger++;
                }
            }
            if (larger < k) {
                hits++;
            }
        }
        return (double) hits / predictions.rows();
    }
}
