package dev.chainrule.loss;

import dev.chainrule.tensor.Tensor;

/**
 * The seeds' loss: per example {@code E = 1/2 * sum_j (y_j - yhat_j)^2}, averaged over the batch:
 * {@code L = (1/B) sum_b E_b}. Gradient {@code dL/dyhat = (yhat - y) / B}.
 *
 * <p>With a sigmoid output this gives the seeds' output error term
 * {@code delta = (y - yhat) * yhat (1 - yhat)}, and with full-batch training the seeds' update
 * {@code w += lr * sum_b(delta_b x_b) / n_records}, so their learning rates reproduce their
 * numbers exactly. (Mean squared error, {@link MeanSquaredError}, differs by a factor
 * {@code 2 / outputs}.)
 */
public final class HalfSumSquaredError implements Loss {

    @Override
    public String name() {
        return "half-sse";
    }

    @Override
    public double value(Tensor prediction, Tensor target) {
        Loss.checkShapes(name(), prediction, target);
        double sum = 0;
        for (int i = 0; i < prediction.size(); i++) {
            double e = target.getFlat(i) - prediction.getFlat(i);
            sum += e * e;
        }
        return 0.5 * sum / prediction.rows();
    }

    @Override
    public void gradient(Tensor prediction, Tensor target, Tensor gradient) {
        Loss.checkShapes(name(), prediction, target);
        double inv = 1.0 / prediction.rows();
        for (int i = 0; i < prediction.size(); i++) {
            gradient.setFlat(i, (prediction.getFlat(i) - target.getFlat(i)) * inv);
        }
    }
}
