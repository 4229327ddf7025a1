package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;

/**
 * The general rule behind {@link Adam}, {@link AdamW} and {@link RmsProp}: moving averages of
 * the gradient and of its square, and a step that divides one by the root of the other. Per
 * element, at the parameter's step {@code t = 1, 2, ...}:
 * <pre>
 *   g  = g + l2 * w                                   (L2 penalty, see {@link Regularization})
 *   m  = beta1 * m + (1 - beta1) * g                  (m = g when beta1 = 0: no first moment kept)
 *   v  = beta2 * v + (1 - beta2) * g^2
 *   with bias correction:     w = w - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 *   without bias correction:  w = w - lr * m / (sqrt(v) + eps)
 * </pre>
 * with {@code m} and {@code v} starting at zero, and decoupled decay, when given, as
 * {@code w = w * (1 - lr * weightDecay)} before the step. These are PyTorch's formulas
 * ({@code torch.optim.Adam}, {@code AdamW}, {@code RMSprop}), including where they place
 * {@code eps}: outside the square root and after the bias correction of {@code v}
 * ({@code eps} is Kingma and Ba's {@code eps-hat}). Moments are kept in double precision
 * whatever the parameter's dtype.
 */
public class AdaptiveMoments extends StatefulOptimizer<AdaptiveMoments.Moments> {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean biasCorrection;

    /** The per-parameter state: moments and the parameter's own step count. */
    protected static final class Moments {
        final double[] m;
        final double[] v;
        long step;
        /** {@code 1 / (1 - beta1^t)}, or 1 without bias correction. */
        double stepSize = 1;
        /** {@code sqrt(1 - beta2^t)}, or 1 without bias correction. */
        double rootCorrection = 1;

        Moments(int size, boolean firstMoment) {
            m = firstMoment ? new double[size] : null;
            v = new double[size];
        }
    }

    /**
     * @param beta1          decay of the gradient average, in {@code [0, 1)}; 0 keeps no first moment
     * @param beta2          decay of the squared-gradient average, in {@code [0, 1)}
     * @param eps            added to the root in the denominator, positive
     * @param biasCorrection divide the averages by {@code 1 - beta^t} (Adam) or not (RMSProp)
     */
    public AdaptiveMoments(double learningRate, double beta1, double beta2, double eps, boolean biasCorrection,
                           Regularization regularization) {
        super(learningRate, regularization);
        this.beta1 = checkUnitInterval("beta1", beta1);
        this.beta2 = checkUnitInterval("beta2", beta2);
        this.eps = checkPositive("eps", eps);
        this.biasCorrection = biasCorrection;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    @Override
    protected Moments newState(Parameter p) {
        return new Moments(p.size(), beta1 != 0);
    }

    @Override
    protected void beginStep(Moments s) {
        s.step++;
        if (biasCorrection) {
            s.stepSize = 1 / (1 - Math.pow(beta1, s.step));
            s.rootCorrection = Math.sqrt(1 - Math.pow(beta2, s.step));
        }
    }

    @Override
    protected void update(double[] w, double[] g, int length, Moments s, int offset, double lr, double l2,
                          double keep) {
        double stepSize = lr * s.stepSize;
        double rootScale = 1 / s.rootCorrection;
        double[] m = s.m;
        double[] v = s.v;
        for (int i = 0; i < length; i++) {
            double wi = w[i];
            double gi = g[i] + l2 * wi;
            double mi = gi;
            if (m != null) {
                mi = beta1 * m[offset + i] + (1 - beta1) * gi;
                m[offset + i] = mi;
            }
            double vi = beta2 * v[offset + i] + (1 - beta2) * gi * gi;
            v[offset + i] = vi;
            w[i] = wi * keep - stepSize * mi / (Math.sqrt(vi) * rootScale + eps);
        }
    }

    @Override
    public String toString() {
        return "AdaptiveMoments(lr=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps
                + ", biasCorrection=" + biasCorrection + regularizationSuffix() + ")";
    }
}
