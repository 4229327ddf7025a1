package dev.chainrule.layer;

/**
 * Rectified linear unit {@code y = max(0, h)}; derivative 1 for {@code h > 0}, else 0.
 * Unlike the seed's {@code Relu.backward}, the incoming gradient is never overwritten.
 */
public final class ReLU extends LeakyReLU {
    /**
     * A rectifier {@code max(0, h)}.
     */
    public ReLU() {
        super(0.0);
    }

    @Override
    public String type() {
        return "relu";
    }
}
