package dev.chainrule.layer;

import dev.chainrule.tensor.Tensor;

/**
 * Leaky rectifier {@code y = h} for {@code h > 0}, {@code y = slope * h} otherwise; derivative
 * {@code 1} or {@code slope}. With {@code slope = 0} this is {@link ReLU} (derivative 0 at
 * {@code h = 0}, as PyTorch).
 */
public class LeakyReLU extends Activation {
    private final double slope;

    /** @param slope the gradient for negative inputs, in {@code [0, 1)} */
    public LeakyReLU(double slope) {
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("leaky ReLU slope must be in [0, 1), got " + slope);
        }
        this.slope = slope;
    }

    /**
     * @return the slope for negative inputs
     */
    public double slope() {
        return slope;
    }

    @Override
    public String type() {
        return "leaky_relu";
    }

    @Override
    protected void apply(Tensor in, Tensor out) {
        kernels().leakyRelu(in, out, slope);
    }

    @Override
    protected void derive(Tensor in, Tensor out, Tensor gradOut, Tensor gradIn) {
        kernels().leakyReluBackward(in, gradOut, gradIn, slope);
    }
}
