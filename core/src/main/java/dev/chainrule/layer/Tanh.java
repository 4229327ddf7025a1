package dev.chainrule.layer;

import dev.chainrule.tensor.Tensor;

/** Hyperbolic tangent {@code y = tanh(h)}; derivative {@code dy/dh = 1 - y^2}. */
public final class Tanh extends Activation {

    @Override
    public String type() {
        return "tanh";
    }

    @Override
    protected void apply(Tensor in, Tensor out) {
        kernels().tanh(in, out);
    }

    @Override
    protected void derive(Tensor in, Tensor out, Tensor gradOut, Tensor gradIn) {
        kernels().tanhBackward(out, gradOut, gradIn);
    }
}
