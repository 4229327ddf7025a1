package dev.chainrule.loss;

import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

/**
 * The seeds' loss: per example {@code E = 1/2 * sum_j (y_j - yhat_j)^2}, averaged over the batch:
 * {@code L = (1/B) sum_b E_b}. Gradient {@code dL/dyhat = (yhat - y) / B}.
 *
 * <p>With a sigmoid output this gives the seeds' output error term
 * {@code delta = (y - yhat) * yhat (1 - yhat)}, and with full-batch training the seeds' update
 * {@code w += lr * sum_b(delta_b x_b) / n_records}, so their learning rates reproduce their
 * numbers exactly. (Mean squared error, {@link MeanSquaredError}, differs by a factor
 * {@code 2 / outputs}.) {@code B} is the {@code meanOver} of the long forms.
 */
public final class HalfSumSquaredError implements Loss {

    @Override
    public String name() {
        return "half-sse";
    }

    @Override
    public double value(Kernels kernels, Tensor prediction, Tensor target, int meanOver) {
        Loss.checkShapes(name(), prediction, target, meanOver);
        return 0.5 * kernels.squaredErrorSum(prediction, target) / meanOver;
    }

    @Override
    public void gradient(Kernels kernels, Tensor prediction, Tensor target, Tensor gradient, int meanOver) {
        Loss.checkShapes(name(), prediction, target, meanOver);
        kernels.scaledDifference(prediction, target, 1.0 / meanOver, gradient);
    }
}
