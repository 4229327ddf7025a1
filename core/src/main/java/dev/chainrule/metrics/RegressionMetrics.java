package dev.chainrule.metrics;

import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.Locale;

/**
 * Errors of real-valued predictions {@code y_hat} against targets {@code y}, both
 * {@code [n, outputs]}, averaged over every element:
 * <pre>
 *   mse  = (1 / (n * outputs)) * sum (y_hat - y)^2
 *   mae  = (1 / (n * outputs)) * sum |y_hat - y|
 *   rmse = sqrt(mse)
 *   r2   = mean over outputs j of  1 - sum_i (y_ij - y_hat_ij)^2 / sum_i (y_ij - mean_i y_ij)^2
 * </pre>
 * ({@code mse} is the {@code mse} loss's value; all four are scikit-learn's
 * {@code mean_squared_error}, {@code mean_absolute_error}, its root and {@code r2_score} with
 * uniform averaging over outputs; an output whose targets are all equal scores 1 when predicted
 * exactly, else 0, as there).
 *
 * @param meanSquaredError  {@code mse}
 * @param meanAbsoluteError {@code mae}
 * @param rSquared          {@code r2}, the coefficient of determination: 1 is perfect, 0 is no better
 *                          than predicting the mean, below 0 worse
 * @param count             number of elements averaged
 */
public record RegressionMetrics(double meanSquaredError, double meanAbsoluteError, double rSquared, long count) {

    /**
     * The metrics of {@code predictions} against {@code targets}.
     *
     * @param predictions {@code [n, outputs]}
     * @param targets     {@code [n, outputs]}
     * @return the metrics
     * @throws ShapeException when the shapes differ or the set is empty
     */
    public static RegressionMetrics of(Tensor predictions, Tensor targets) {
        Tensor.requireSameShape("regression metrics (predictions vs targets)", predictions, targets);
        if (predictions.size() == 0) {
            throw new ShapeException("regression metrics of an empty set " + predictions.shape());
        }
        double squared = 0;
        double absolute = 0;
        for (int i = 0; i < predictions.size(); i++) {
            double e = predictions.getFlat(i) - targets.getFlat(i);
            squared += e * e;
            absolute += Math.abs(e);
        }
        int n = predictions.size();
        return new RegressionMetrics(squared / n, absolute / n, rSquared(predictions, targets), n);
    }

    private static double rSquared(Tensor predictions, Tensor targets) {
        int rows = targets.rows();
        int cols = targets.cols();
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            double mean = 0;
            for (int i = 0; i < rows; i++) {
                mean += targets.get(i, j);
            }
            mean /= rows;
            double residual = 0;
            double total = 0;
            for (int i = 0; i < rows; i++) {
                double y = targets.get(i, j);
                double e = y - predictions.get(i, j);
                residual += e * e;
                total += (y - mean) * (y - mean);
            }
            sum += total > 0 ? 1 - residual / total : residual == 0 ? 1 : 0;
        }
        return sum / cols;
    }

    /** @return {@code rmse}, the square root of the mean squared error */
    public double rootMeanSquaredError() {
        return Math.sqrt(meanSquaredError);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mse %.6g  rmse %.6g  mae %.6g  r2 %.4f  (%d values)", meanSquaredError,
                rootMeanSquaredError(), meanAbsoluteError, rSquared, count);
    }
}
