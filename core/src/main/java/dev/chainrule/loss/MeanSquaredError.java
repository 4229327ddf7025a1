package dev.chainrule.loss;

import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

/**
 * Mean squared error over every element, as PyTorch's {@code MSELoss}:
 * {@code L = (1/(B*K)) sum (yhat - y)^2}; gradient {@code 2 (yhat - y) / (B*K)}, for {@code B}
 * rows ({@code meanOver} in the long forms) of {@code K} outputs.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double value(Kernels kernels, Tensor prediction, Tensor target, int meanOver) {
        Loss.checkShapes(name(), prediction, target, meanOver);
        return kernels.squaredErrorSum(prediction, target) / ((double) meanOver * prediction.cols());
    }

    @Override
    public void gradient(Kernels kernels, Tensor prediction, Tensor target, Tensor gradient, int meanOver) {
        Loss.checkShapes(name(), prediction, target, meanOver);
        kernels.scaledDifference(prediction, target, 2.0 / ((double) meanOver * prediction.cols()), gradient);
    }
}
