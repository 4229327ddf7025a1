package dev.chainrule.optim;

/**
 * AdamW (Loshchilov and Hutter), as PyTorch's {@code torch.optim.AdamW}: {@link Adam}'s step
 * with decoupled weight decay. Per element at step {@code t}:
 * <pre>
 *   w = w * (1 - lr * weightDecay)
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   w = w - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * The decay is multiplied by the current learning rate (as PyTorch, unlike the paper, which
 * scales it by the schedule multiplier only). Defaults {@code b1 = 0.9, b2 = 0.999,
 * eps = 1e-8, weightDecay = 0.01} (PyTorch's).
 */
public final class AdamW extends AdaptiveMoments {
    /** PyTorch's default decoupled decay. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    /**
     * AdamW with PyTorch's defaults (weight decay 0.01 on every parameter).
     *
     * @param learningRate the learning rate, positive
     */
    public AdamW(double learningRate) {
        this(learningRate, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * AdamW with decoupled weight decay {@code weightDecay} and the usual betas and eps.
     *
     * @param learningRate the learning rate, positive
     * @param weightDecay the decoupled weight decay factor, at least 0
     */
    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, 0.9, 0.999, 1e-8, Regularization.decoupled(weightDecay));
    }

    /**
     * The general form: any {@link Regularization} (normally decoupled decay only).
     *
     * @param learningRate the learning rate, positive
     * @param beta1 decay rate of the first-moment estimate
     * @param beta2 decay rate of the second-moment estimate
     * @param eps the term added to the denominator for numerical stability
     * @param regularization the L2 penalty and decoupled weight decay
     */
    public AdamW(double learningRate, double beta1, double beta2, double eps, Regularization regularization) {
        super(learningRate, beta1, beta2, eps, true, regularization);
    }

    @Override
    public String toString() {
        return "AdamW(lr=" + learningRate() + ", beta1=" + beta1() + ", beta2=" + beta2() + ", eps=" + eps()
                + regularizationSuffix() + ")";
    }
}
