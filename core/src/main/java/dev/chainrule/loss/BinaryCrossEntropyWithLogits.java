package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Sigmoid;
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
    public double value(Tensor z, Tensor target) {
        Loss.checkShapes(name(), z, target);
        double sum = 0;
        for (int i = 0; i < z.size(); i++) {
            double x = z.getFlat(i);
            sum += Math.max(x, 0) - x * target.getFlat(i) + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return sum / z.size();
    }

    @Override
    public void gradient(Tensor z, Tensor target, Tensor gradient) {
        Loss.checkShapes(name(), z, target);
        double inv = 1.0 / z.size();
        for (int i = 0; i < z.size(); i++) {
            gradient.setFlat(i, (Sigmoid.sigmoid(z.getFlat(i)) - target.getFlat(i)) * inv);
        }
    }

    @Override
    public void probabilities(Tensor raw, Tensor out) {
        for (int i = 0; i < raw.size(); i++) {
            out.setFlat(i, Sigmoid.sigmoid(raw.getFlat(i)));
        }
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
