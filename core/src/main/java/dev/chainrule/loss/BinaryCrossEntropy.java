package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.tensor.Kernels;
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

    @Override
    public double value(Kernels kernels, Tensor p, Tensor target, int meanOver) {
        Loss.checkShapes(name(), p, target, meanOver);
        return kernels.binaryCrossEntropySum(p, target, EPS) / ((double) meanOver * p.cols());
    }

    @Override
    public void gradient(Kernels kernels, Tensor p, Tensor target, Tensor gradient, int meanOver) {
        Loss.checkShapes(name(), p, target, meanOver);
        kernels.binaryCrossEntropyGradient(p, target, EPS, 1.0 / ((double) meanOver * p.cols()), gradient);
    }

    @Override
    public void checkOutputLayer(List<Layer> layers, int outputs) {
        if (!Loss.lastType(layers).equals("sigmoid")) {
            throw new IllegalArgumentException("loss bce-prob takes probabilities, so the network must end with a sigmoid"
                    + " layer, but it ends with " + Loss.lastType(layers) + "; add a sigmoid, or use bce on raw outputs");
        }
    }
}
