package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * Binary cross-entropy on raw outputs (logits) {@code z} with targets {@code t} in [0, 1],
 * averaged over every element: {@code L = (1/(B*K)) sum [max(z,0) - z t + log(1 + exp(-|z|))]},
 * which equals {@code -[t log s(z) + (1-t) log(1 - s(z))]} without overflow for any {@code z}.
 * Gradient {@code dL/dz = (sigmoid(z) - t) / (B*K)}.
 */
public final class BinaryCrossEntropyWithLogits implements Loss {

    @Override
    public String name() {
        return "bce";
    }

    @Override
    public double value(Kernels kernels, Tensor z, Tensor target, int meanOver) {
        Loss.checkShapes(name(), z, target, meanOver);
        return kernels.logisticLossSum(z, target) / ((double) meanOver * z.cols());
    }

    @Override
    public void gradient(Kernels kernels, Tensor z, Tensor target, Tensor gradient, int meanOver) {
        Loss.checkShapes(name(), z, target, meanOver);
        kernels.logisticLossGradient(z, target, 1.0 / ((double) meanOver * z.cols()), gradient);
    }

    @Override
    public void probabilities(Kernels kernels, Tensor raw, Tensor out) {
        kernels.sigmoid(raw, out);
    }

    @Override
    public void checkOutputLayer(List<Layer> layers, int outputs) {
        String last = Loss.lastType(layers);
        if (last.equals("sigmoid") || last.equals("softmax")) {
            throw new IllegalArgumentException("loss bce takes raw outputs (logits) and applies the sigmoid itself, but the"
                    + " network ends with a " + last + " layer: remove it, or use bce-prob after a sigmoid");
        }
    }
}
