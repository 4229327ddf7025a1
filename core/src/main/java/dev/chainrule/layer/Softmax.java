package dev.chainrule.layer;

import dev.chainrule.tensor.ScalarMath;
import dev.chainrule.tensor.Tensor;

/**
 * Row-wise softmax {@code y_j = exp(h_j - max h) / sum_k exp(h_k - max h)} (subtracting the
 * row maximum keeps {@code exp} from overflowing; float32 takes each {@code exp} in float,
 * {@link #exp(float)}). Backward uses the Jacobian-vector product
 * {@code dh_j = y_j (g_j - sum_k g_k y_k)}.
 *
 * <p>To train a classifier, prefer a final {@link Dense} with the fused
 * {@code SoftmaxCrossEntropy} loss, whose gradient is the simpler and exact {@code (p - t) / batch};
 * a model that puts this layer before that loss is refused when built.
 */
public final class Softmax extends Activation {

    @Override
    public String type() {
        return "softmax";
    }

    /**
     * {@code e^x} in float for shifted logits, within 3e-7 relative error: {@link ScalarMath#exp}.
     *
     * @param x a shifted logit (at most 0)
     * @return an approximation of {@code e^x}
     */
    public static float exp(float x) {
        return ScalarMath.exp(x);
    }

    @Override
    protected void apply(Tensor in, Tensor out) {
        kernels().softmaxRows(in, out);
    }

    @Override
    protected void derive(Tensor in, Tensor out, Tensor gradOut, Tensor gradIn) {
        kernels().softmaxBackward(out, gradOut, gradIn);
    }
}
