package dev.chainrule.tensor;

/**
 * The per-element update rules of the optimizers and the gradient-norm clipping; part of
 * {@link Kernels}. Weights and gradients are float32 or float64; optimizer state (momentum,
 * moments) is float64 whatever the weights' dtype. Each rule reads a weight and its gradient as
 * doubles, computes in double in the order written, and rounds the new weight to its dtype, so
 * a float32 and a float64 run of the same rule differ only by that rounding. Plain loops here;
 * a backend overrides what it runs faster, with the same bits.
 */
public interface UpdateKernels {

    /**
     * Stochastic gradient descent with optional momentum, per element ({@code velocity} null
     * when {@code momentum = 0}):
     * <pre>
     *   g' = g + l2 * w
     *   plain:     d = g'
     *   momentum:  v = momentum * v + g';  d = nesterov ? g' + momentum * v : v
     *   w  = w * keep - lr * d
     * </pre>
     *
     * @param w        the weights, updated
     * @param g        the gradient
     * @param velocity the float64 velocity, updated; null without momentum
     * @param lr       the learning rate
     * @param l2       the L2 coefficient (0: none)
     * @param keep     the decoupled decay factor {@code 1 - lr * weightDecay} (1: none)
     * @param momentum {@code mu}, 0 for plain SGD
     * @param nesterov Nesterov's form
     */
    default void sgdUpdate(Tensor w, Tensor g, Tensor velocity, double lr, double l2, double keep, double momentum,
                           boolean nesterov) {
        int n = w.size();
        double[] v = velocity == null ? null : velocity.doubles();
        if (w.isFloat32()) {
            float[] wf = w.floats();
            float[] gf = g.floats();
            for (int i = 0; i < n; i++) {
                double wi = wf[i];
                wf[i] = (float) (wi * keep - lr * sgdDirection(wi, gf[i], v, i, l2, momentum, nesterov));
            }
        } else {
            double[] wd = w.doubles();
            double[] gd = g.doubles();
            for (int i = 0; i < n; i++) {
                double wi = wd[i];
                wd[i] = wi * keep - lr * sgdDirection(wi, gd[i], v, i, l2, momentum, nesterov);
            }
        }
    }

    /** The step direction of {@link #sgdUpdate} for one element (updates {@code v[i]}). */
    private static double sgdDirection(double wi, double gradient, double[] v, int i, double l2, double momentum,
                                       boolean nesterov) {
        double gi = gradient + l2 * wi;
        if (momentum == 0) {
            return gi;
        }
        double vi = momentum * v[i] + gi;
        v[i] = vi;
        return nesterov ? gi + momentum * vi : vi;
    }

    /**
     * Adam's and RMSProp's rule, per element ({@code m} null when {@code beta1 = 0}: no first
     * moment kept):
     * <pre>
     *   g' = g + l2 * w
     *   m  = beta1 * m + (1 - beta1) * g'        (m = g' without a first moment)
     *   v  = beta2 * v + (1 - beta2) * g' * g'
     *   w  = w * keep - stepSize * m / (sqrt(v) * rootScale + eps)
     * </pre>
     * where the optimizer passes {@code stepSize = lr / (1 - beta1^t)} and
     * {@code rootScale = 1 / sqrt(1 - beta2^t)} (both without {@code 1 - beta^t} when it does not
     * correct the bias).
     *
     * @param w         the weights, updated
     * @param g         the gradient
     * @param m         the float64 first moment, updated; null when {@code beta1 = 0}
     * @param v         the float64 second moment, updated
     * @param beta1     decay of the first moment
     * @param beta2     decay of the second moment
     * @param eps       added to the denominator
     * @param stepSize  {@code lr}, divided by the first moment's bias correction
     * @param rootScale {@code 1 / sqrt(1 - beta2^t)}, or 1
     * @param l2        the L2 coefficient (0: none)
     * @param keep      the decoupled decay factor (1: none)
     */
    default void adaptiveMomentsUpdate(Tensor w, Tensor g, Tensor m, Tensor v, double beta1, double beta2, double eps,
                                       double stepSize, double rootScale, double l2, double keep) {
        int n = w.size();
        double[] md = m == null ? null : m.doubles();
        double[] vd = v.doubles();
        if (w.isFloat32()) {
            float[] wf = w.floats();
            float[] gf = g.floats();
            for (int i = 0; i < n; i++) {
                double wi = wf[i];
                wf[i] = (float) (wi * keep - momentsStep(wi, gf[i], md, vd, i, beta1, beta2, eps, stepSize, rootScale, l2));
            }
        } else {
            double[] wd = w.doubles();
            double[] gd = g.doubles();
            for (int i = 0; i < n; i++) {
                double wi = wd[i];
                wd[i] = wi * keep - momentsStep(wi, gd[i], md, vd, i, beta1, beta2, eps, stepSize, rootScale, l2);
            }
        }
    }

    /** {@code stepSize * m / (sqrt(v) * rootScale + eps)} of {@link #adaptiveMomentsUpdate} for one element (updates the moments). */
    private static double momentsStep(double wi, double gradient, double[] m, double[] v, int i, double beta1,
                                      double beta2, double eps, double stepSize, double rootScale, double l2) {
        double gi = gradient + l2 * wi;
        double mi = gi;
        if (m != null) {
            mi = beta1 * m[i] + (1 - beta1) * gi;
            m[i] = mi;
        }
        double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        v[i] = vi;
        return stepSize * mi / (Math.sqrt(vi) * rootScale + eps);
    }

    /**
     * {@code sum + x_0^2 + x_1^2 + ...}, in double, in row-major order (so norms over several tensors chain).
     *
     * @param sum the sum so far
     * @param x   the tensor whose squares are added
     * @return the new sum
     */
    default double addSquares(double sum, Tensor x) {
        int n = x.size();
        double s = sum;
        if (x.isFloat32()) {
            float[] f = x.floats();
            for (int i = 0; i < n; i++) {
                double v = f[i];
                s += v * v;
            }
        } else {
            double[] d = x.doubles();
            for (int i = 0; i < n; i++) {
                double v = d[i];
                s += v * v;
            }
        }
        return s;
    }

    /**
     * {@code x = x * factor}, in double, rounded to {@code x}'s dtype.
     *
     * @param x      scaled in place
     * @param factor the factor
     */
    default void scale(Tensor x, double factor) {
        int n = x.size();
        if (x.isFloat32()) {
            float[] f = x.floats();
            for (int i = 0; i < n; i++) {
                f[i] = (float) (f[i] * factor);
            }
        } else {
            double[] d = x.doubles();
            for (int i = 0; i < n; i++) {
                d[i] = d[i] * factor;
            }
        }
    }
}
