package dev.chainrule.metrics;

import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.Locale;

/**
 * Errors of real-valued predictions, averaged over every element of {@code [n, outputs]}:
 * <pre>
 *   mse  = (1 / (n * outputs)) * sum (y_hat - y)^2
 *   mae  = (1 / (n * outputs)) * sum |y_hat - y|
 *   rmse = sqrt(mse)
 * </pre>
 * (the {@code mse} loss's value, and scikit-learn's {@code mean_squared_error} and
 * {@code mean_absolute_error} with uniform averaging over outputs).
 *
 * @param meanSquaredError  {@code mse}
 * @param meanAbsoluteError {@code mae}
 * @param count             number of elements averaged
 */
public record RegressionMetrics(double meanSquaredError, double meanAbsoluteError, long count) {

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
        return new RegressionMetrics(squared / n, absolute / n, n);
    }

    public double rootMeanSquaredError() {
        return Math.sqrt(meanSquaredError);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mse %.6g  rmse %.6g  mae %.6g  (%d values)", meanSquaredError,
                rootMeanSquaredError(), meanAbsoluteError, count);
    }
}
