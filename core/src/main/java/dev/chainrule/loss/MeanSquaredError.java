package dev.chainrule.loss;

import dev.chainrule.tensor.Tensor;

/**
 * Mean squared error over every element, as PyTorch's {@code MSELoss}:
 * {@code L = (1/(B*K)) sum (yhat - y)^2}; gradient {@code 2 (yhat - y) / (B*K)}.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double value(Tensor prediction, Tensor target) {
        Loss.checkShapes(name(), prediction, target);
        double sum = 0;
        for (int i = 0; i < prediction.size(); i++) {
            double e = prediction.getFlat(i) - target.getFlat(i);
            sum += e * e;
        }
        return sum / prediction.size();
    }

    @Override
    public void gradient(Tensor prediction, Tensor target, Tensor gradient) {
        Loss.checkShapes(name(), prediction, target);
        double scale = 2.0 / prediction.size();
        for (int i = 0; i < prediction.size(); i++) {
            gradient.setFlat(i, (prediction.getFlat(i) - target.getFlat(i)) * scale);
        }
    }
}
