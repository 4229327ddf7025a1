package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * ({@code eps} is Kingma and Ba's {@code eps-hat}). Moments are float64 tensors whatever the
 * parameter's dtype, exported with PyTorch's names {@code "<parameter>.exp_avg"} (when
 * {@code beta1 > 0}), {@code ".exp_avg_sq"} and {@code ".step"} (a {@code [1, 1]} tensor; an
 * average of steps need not be whole, and {@code beta^t} takes it as it is). The rule runs as
 * {@link dev.chainrule.tensor.UpdateKernels#adaptiveMomentsUpdate}.
 */
public class AdaptiveMoments extends StatefulOptimizer<AdaptiveMoments.Moments> {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean biasCorrection;

    /** The per-parameter state: moments and the parameter's own step count. */
    protected static final class Moments {
        Tensor m;
        Tensor v;
        double step;
        /** {@code 1 / (1 - beta1^t)}, or 1 without bias correction. */
        double stepSize = 1;
        /** {@code sqrt(1 - beta2^t)}, or 1 without bias correction. */
        double rootCorrection = 1;
    }

    /**
     * @param beta1          decay of the gradient average, in {@code [0, 1)}; 0 keeps no first moment
     * @param beta2          decay of the squared-gradient average, in {@code [0, 1)}
     * @param eps            added to the root in the denominator, positive
     * @param biasCorrection divide the averages by {@code 1 - beta^t} (Adam) or not (RMSProp)
     * @param learningRate the learning rate, positive
     * @param regularization the L2 penalty and decoupled weight decay
     */
    public AdaptiveMoments(double learningRate, double beta1, double beta2, double eps, boolean biasCorrection,
                           Regularization regularization) {
        super(learningRate, regularization);
        this.beta1 = checkUnitInterval("beta1", beta1);
        this.beta2 = checkUnitInterval("beta2", beta2);
        this.eps = checkPositive("eps", eps);
        this.biasCorrection = biasCorrection;
    }

    /**
     * @return the decay of the gradient average
     */
    public double beta1() {
        return beta1;
    }

    /**
     * @return the decay of the squared-gradient average
     */
    public double beta2() {
        return beta2;
    }

    /**
     * @return the term added to the root in the denominator
     */
    public double eps() {
        return eps;
    }

    @Override
    protected Moments newState(Parameter p) {
        Moments s = new Moments();
        s.m = beta1 != 0 ? zerosLike(p) : null;
        s.v = zerosLike(p);
        return s;
    }

    @Override
    protected void update(Parameter p, Moments s, double lr, double l2, double keep) {
        s.step++;
        corrections(s);
        p.kernels().adaptiveMomentsUpdate(p.value(), p.gradient(), s.m, s.v, beta1, beta2, eps, lr * s.stepSize,
                1 / s.rootCorrection, l2, keep);
    }

    /** The bias corrections of step {@code s.step}. */
    private void corrections(Moments s) {
        if (biasCorrection) {
            s.stepSize = 1 / (1 - Math.pow(beta1, s.step));
            s.rootCorrection = Math.sqrt(1 - Math.pow(beta2, s.step));
        }
    }

    @Override
    protected Map<String, Tensor> tensors(Moments s) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (s.m != null) {
            out.put("exp_avg", s.m);
        }
        out.put("exp_avg_sq", s.v);
        Tensor step = Tensor.zeros(DType.FLOAT64, 1, 1);
        step.set(0, 0, s.step);
        out.put("step", step);
        return out;
    }

    @Override
    protected void load(Moments s, Map<String, Tensor> tensors) {
        double step = tensors.get("step").get(0, 0);
        if (!(step >= 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("optimizer state step must be a finite count >= 0, got " + step);
        }
        s.m = s.m == null ? null : tensors.get("exp_avg");
        s.v = tensors.get("exp_avg_sq");
        s.step = step;
        corrections(s);
    }

    @Override
    public String toString() {
        return "AdaptiveMoments(lr=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps
                + ", biasCorrection=" + biasCorrection + regularizationSuffix() + ")";
    }
}
