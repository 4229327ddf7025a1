package dev.chainrule.metrics;

import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

/**
 * Fraction of examples whose predicted class is the true class. With several output columns
 * the predicted class is the argmax of the row and the true class the argmax of the one-hot
 * target; with one column, the prediction is class 1 when the output exceeds {@code threshold}
 * (0.5 for probabilities) and the target is 1 when it is at least 0.5, as the seeds'
 * {@code out > 0.5}.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /**
     * Accuracy of probabilities (or any output where 0.5 separates the two classes).
     *
     * @param predictions the predictions, {@code [n, outputs]}
     * @param targets the targets, {@code [n, outputs]}
     * @return the fraction of rows whose predicted class is the true class
     */
    public static double of(Tensor predictions, Tensor targets) {
        return of(predictions, targets, 0.5);
    }

    /**
     * Accuracy with the given threshold for single-column outputs (0 for raw logits).
     *
     * @param predictions the predictions, {@code [n, outputs]}
     * @param targets the targets, {@code [n, outputs]}
     * @param threshold the probability above which a one-column output means class 1
     * @return the fraction of rows whose predicted class is the true class
     */
    public static double of(Tensor predictions, Tensor targets, double threshold) {
        if (predictions.rows() != targets.rows() || predictions.cols() != targets.cols()) {
            throw new ShapeException("accuracy: predictions " + predictions.shape() + " and targets "
                    + targets.shape() + " differ");
        }
        if (predictions.rows() == 0) {
            return Double.NaN;
        }
        return (double) countCorrect(predictions, targets, threshold) / predictions.rows();
    }

    /**
     * The number of rows whose predicted class (threshold 0.5 for one column) is the true class.
     *
     * @param predictions the predictions, {@code [n, outputs]}
     * @param targets the targets, {@code [n, outputs]}
     * @return the number of rows whose predicted class (threshold 0.5 for one column) is the true class
     */
    public static int countCorrect(Tensor predictions, Tensor targets) {
        return countCorrect(predictions, targets, 0.5);
    }

    private static int countCorrect(Tensor predictions, Tensor targets, double threshold) {
        int correct = 0;
        for (int r = 0; r < predictions.rows(); r++) {
            if (predictedClass(predictions, r, threshold) == trueClass(targets, r)) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * The predicted class of row {@code r}: argmax, or {@code output > threshold} for one column.
     *
     * @param predictions the predictions, {@code [n, outputs]}
     * @param r the 0-based row
     * @param threshold the probability above which a one-column output means class 1
     * @return the predicted class of row {@code r}: argmax, or {@code output > threshold} for one column
     */
    public static int predictedClass(Tensor predictions, int r, double threshold) {
        if (predictions.cols() == 1) {
            return predictions.get(r, 0) > threshold ? 1 : 0;
        }
        return argmax(predictions, r);
    }

    /**
     * The true class of row {@code r}: argmax of a one-hot row, or {@code target >= 0.5} for one column.
     *
     * @param targets the targets, {@code [n, outputs]}
     * @param r the 0-based row
     * @return the true class of row {@code r}: argmax of a one-hot row, or {@code target >= 0.5} for one column
     */
    public static int trueClass(Tensor targets, int r) {
        if (targets.cols() == 1) {
            return targets.get(r, 0) >= 0.5 ? 1 : 0;
        }
        return argmax(targets, r);
    }

    /**
     * Index of the largest value of row {@code r} (the first on ties).
     *
     * @param m a matrix
     * @param r the 0-based row
     * @return the column of the row's largest value (the first of equal ones)
     */
    public static int argmax(Tensor m, int r) {
        int cols = m.cols();
        if (m.isFloat32() && r >= 0 && r < m.rows() && cols > 0) {
            // on the array: the training loop counts a batch's correct answers every step
            float[] f = m.floats();
            int o = r * cols;
            int best = 0;
            float bestValue = f[o];
            for (int c = 1; c < cols; c++) {
                float v = f[o + c];
                if (v > bestValue) {
                    bestValue = v;
                    best = c;
                }
            }
            return best;
        }
        int best = 0;
        double bestValue = m.get(r, 0);
        for (int c = 1; c < m.cols(); c++) {
            double v = m.get(r, c);
            if (v > bestValue) {
                bestValue = v;
                best = c;
            }
        }
        return best;
    }
}
