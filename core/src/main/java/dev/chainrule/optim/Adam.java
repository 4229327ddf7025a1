package dev.chainrule.optim;

/**
 * Adam (Kingma and Ba), as PyTorch's {@code torch.optim.Adam}: {@link AdaptiveMoments} with
 * bias correction. Per element at step {@code t}:
 * <pre>
 *   g = g + l2 * w;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   w = w - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Defaults {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}. Differs from the paper's Algorithm 1 only
 * in where {@code eps} sits (after the bias correction, the paper's {@code eps-hat}). An L2
 * penalty here is PyTorch's {@code Adam(weight_decay=...)}; for decoupled decay use {@link AdamW}.
 */
public final class Adam extends AdaptiveMoments {

    /**
     * Adam with the usual defaults: beta1 0.9, beta2 0.999, eps 1e-8, no penalty.
     *
     * @param learningRate the learning rate, positive
     */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, Regularization.none());
    }

    /**
     * Adam with every hyperparameter given (each checked, with a message naming it).
     *
     * @param learningRate the learning rate, positive
     * @param beta1 decay rate of the first-moment estimate
     * @param beta2 decay rate of the second-moment estimate
     * @param eps the term added to the denominator for numerical stability
     * @param regularization the L2 penalty and decoupled weight decay
     */
    public Adam(double learningRate, double beta1, double beta2, double eps, Regularization regularization) {
        super(learningRate, beta1, beta2, eps, true, regularization);
    }

    @Override
    public String toString() {
        return "Adam(lr=" + learningRate() + ", beta1=" + beta1() + ", beta2=" + beta2() + ", eps=" + eps()
                + regularizationSuffix() + ")";
    }
}
