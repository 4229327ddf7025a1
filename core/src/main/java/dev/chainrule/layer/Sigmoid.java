package dev.chainrule.layer;

import dev.chainrule.tensor.ScalarMath;
import dev.chainrule.tensor.Tensor;

/**
 * Logistic sigmoid {@code y = 1 / (1 + exp(-h))}, computed without overflow for any {@code h};
 * derivative {@code dy/dh = y (1 - y)}.
 */
public final class Sigmoid extends Activation {

    /**
     * Overflow-safe sigmoid: {@code exp} is only ever taken of a non-positive number ({@link ScalarMath#sigmoid}).
     *
     * @param h the weighted sum
     * @return {@code 1 / (1 + e^-h)}, without overflow for large {@code |h|}
     */
    public static double sigmoid(double h) {
        return ScalarMath.sigmoid(h);
    }

    @Override
    public String type() {
        return "sigmoid";
    }

    @Override
    protected void apply(Tensor in, Tensor out) {
        kernels().sigmoid(in, out);
    }

    @Override
    protected void derive(Tensor in, Tensor out, Tensor gradOut, Tensor gradIn) {
        kernels().sigmoidBackward(out, gradOut, gradIn);
    }
}
