package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * Binary cross-entropy on probabilities {@code p} (after a sigmoid layer), averaged over every
 * element: {@code L = -(1/(B*K)) sum [t log p + (1-t) log(1-p)]}, with {@code p} clamped to
 * {@code [1e-12, 1 - 1e-12]} so a saturated sigmoid gives a large finite loss, not infinity.
 * Gradient {@code (p - t) / (p (1 - p)) / (B*K)} (with the same clamp). Prefer
 * {@link BinaryCrossEntropyWithLogits}, which is exact where this one clamps.
 */
public final class BinaryCrossEntropy implements Loss {
    private static final double EPS = 1e-12;

    @Override
    public String name() {
        return "bce-prob";
    }

    private static double clamp(double p) {
        return Math.min(Math.max(p, EPS), 1 - EPS);
    }

    @Override
    public double value(Tensor p, Tensor target) {
        Loss.checkShapes(name(), p, target);
        double sum = 0;
        for (int i = 0; i < p.size(); i++) {
            double q = clamp(p.getFlat(i));
            double t = target.getFlat(i);
            sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
        }
        return sum / p.size();
    }

    @Override
    public void gradient(Tensor p, Tensor target, Tensor gradient) {
        Loss.checkShapes(name(), p, target);
        double inv = 1.0 / p.size();
        for (int i = 0; i < p.size(); i++) {
            double q = clamp(p.getFlat(i));
            gradient.setFlat(i, (q - target.getFlat(i)) / (q * (1 - q)) * inv);
        }
    }

    @Override
    public void checkOutputLayer(List<Layer> layers, int outputs) {
        if (!Loss.lastType(layers).equals("sigmoid")) {
            throw new IllegalArgumentException("loss bce-prob takes probabilities, so the network must end with a sigmoid"
                    + " layer, but it ends with " + Loss.lastType(layers) + "; add a sigmoid, or use bce on raw outputs");
        }
    }
}
