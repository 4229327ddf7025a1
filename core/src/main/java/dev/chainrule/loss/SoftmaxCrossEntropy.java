package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * Softmax fused with cross-entropy, on raw outputs (logits) {@code z}, as the seed's
 * {@code SoftmaxWithLoss}: {@code p = softmax(z)} per row,
 * {@code L = -(1/B) sum_b sum_j t_bj log p_bj}, computed stably as
 * {@code (1/B) sum_b sum_j t_bj (logsumexp(z_b) - z_bj)}; gradient {@code dL/dz = (p - t) / B}
 * for targets whose rows sum to one (one-hot or class probabilities). {@code B} is the
 * {@code meanOver} of the long forms. Float32 takes each {@code exp} in float and the sums and
 * the log in double ({@link dev.chainrule.tensor.LossKernels#softmaxCrossEntropySum}).
 *
 * <p>Unlike the seed's {@code cross_entropy_error}, no {@code 1e-9} is added inside the log:
 * the log-sum-exp form never takes the log of zero.
 */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public String name() {
        return "softmax-ce";
    }

    @Override
    public double value(Kernels kernels, Tensor z, Tensor target, int meanOver) {
        Loss.checkShapes(name(), z, target, meanOver);
        return kernels.softmaxCrossEntropySum(z, target) / meanOver;
    }

    @Override
    public void gradient(Kernels kernels, Tensor z, Tensor target, Tensor gradient, int meanOver) {
        Loss.checkShapes(name(), z, target, meanOver);
        kernels.softmaxRows(z, gradient);
        kernels.softmaxCrossEntropyGradient(gradient, target, 1.0 / meanOver, gradient);
    }

    /** The softmax once: {@code p = softmax(z)}, then {@code dL/dz = (p - t) / B} from it. */
    @Override
    public double valueAndGradient(Kernels kernels, Tensor z, Tensor target, Tensor probabilities, Tensor gradient,
                                   int meanOver) {
        Loss.checkShapes(name(), z, target, meanOver);
        return kernels.softmaxCrossEntropyStep(z, target, probabilities, gradient, 1.0 / meanOver) / meanOver;
    }

    @Override
    public void probabilities(Kernels kernels, Tensor raw, Tensor out) {
        kernels.softmaxRows(raw, out);
    }

    @Override
    public void checkOutputLayer(List<Layer> layers, int outputs) {
        String last = Loss.lastType(layers);
        if (last.equals("softmax") || last.equals("sigmoid")) {
            throw new IllegalArgumentException("loss softmax-ce applies softmax itself to the raw outputs (logits) of the"
                    + " last dense layer, but the network ends with a " + last + " layer: remove it");
        }
        if (outputs < 2) {
            throw new IllegalArgumentException("loss softmax-ce needs at least 2 outputs (one per class), the network has "
                    + outputs + "; for two classes with one output use bce");
        }
    }
}
