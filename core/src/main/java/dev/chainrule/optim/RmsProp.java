package dev.chainrule.optim;

/**
 * RMSProp, as PyTorch's {@code torch.optim.RMSprop} (not centered, no momentum):
 * {@link AdaptiveMoments} with no first moment and no bias correction. Per element:
 * <pre>
 *   g = g + l2 * w;  v = alpha * v + (1 - alpha) * g^2;  w = w - lr * g / (sqrt(v) + eps)
 * </pre>
 * with {@code v} starting at zero. Defaults {@code alpha = 0.99, eps = 1e-8} (PyTorch's; Keras
 * uses {@code rho = 0.9}, and Hinton's lecture puts {@code eps} inside the root). Because
 * {@code v} starts at zero and is not bias-corrected, the first steps are large:
 * {@code |step| = lr / sqrt(1 - alpha)}, 10x the learning rate for alpha 0.99.
 */
public final class RmsProp extends AdaptiveMoments {

    /**
     * RMSProp with alpha 0.99, eps 1e-8, no penalty.
     *
     * @param learningRate the learning rate, positive
     */
    public RmsProp(double learningRate) {
        this(learningRate, 0.99, 1e-8, Regularization.none());
    }

    /**
     * @param alpha smoothing constant of the squared-gradient average, in {@code [0, 1)}
     * @param learningRate the learning rate, positive
     * @param eps the term added to the denominator for numerical stability
     * @param regularization the L2 penalty and decoupled weight decay
     */
    public RmsProp(double learningRate, double alpha, double eps, Regularization regularization) {
        super(learningRate, 0, checkAlpha(alpha), eps, false, regularization);
    }

    private static double checkAlpha(double alpha) {
        return checkUnitInterval("alpha", alpha);
    }

    /**
     * @return the decay of the squared-gradient average
     */
    public double alpha() {
        return beta2();
    }

    @Override
    public String toString() {
        return "RMSProp(lr=" + learningRate() + ", alpha=" + alpha() + ", eps=" + eps() + regularizationSuffix() + ")";
    }
}
