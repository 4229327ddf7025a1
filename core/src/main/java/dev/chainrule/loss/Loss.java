package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * A loss {@code L(prediction, target)} averaged over the batch, and its gradient with respect
 * to the prediction. {@code prediction} and {@code target} are both {@code [batch, outputs]};
 * class targets are one-hot rows.
 *
 * <p>Some losses take the network's raw output (logits) and apply the output function
 * themselves (softmax cross-entropy, BCE from logits): {@link #probabilities} maps a raw output
 * to what a user reads as the prediction, and {@link #checkOutputLayer} refuses a network whose
 * last layer does not fit the loss, so the simple fused gradients always hold.
 */
public interface Loss {

    /** The name used on the command line and in model files, e.g. {@code softmax-ce}. */
    String name();

    /** The batch loss (a mean over the batch, see each implementation for its exact formula). */
    double value(Tensor prediction, Tensor target);

    /** Writes {@code dL/dPrediction} into {@code gradient} (same shape); reads but never writes the others. */
    void gradient(Tensor prediction, Tensor target, Tensor gradient);

    /**
     * A training step's three results in one call: returns {@link #value}, writes
     * {@link #probabilities} into {@code probabilities} and {@link #gradient} into {@code gradient},
     * with the same bits as the three separate calls. Losses whose output function is costly
     * (softmax) override it to compute that function once.
     */
    default double valueAndGradient(Tensor raw, Tensor target, Tensor probabilities, Tensor gradient) {
        double value = value(raw, target);
        probabilities(raw, probabilities);
        gradient(raw, target, gradient);
        return value;
    }

    /** Maps the network's raw output to the prediction a user reads (in place allowed: {@code out} may be {@code raw}). */
    default void probabilities(Tensor raw, Tensor out) {
        if (out != raw) {
            out.copyFrom(raw);
        }
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the problem when a network with these
     * layers and this output width does not fit the loss.
     */
    default void checkOutputLayer(List<Layer> layers, int outputs) {
    }

    /** The loss for a command-line or file name: {@code half-sse}, {@code mse}, {@code softmax-ce}, {@code bce}, {@code bce-prob}. */
    static Loss named(String name) {
        switch (name) {
            case "half-sse":
                return new HalfSumSquaredError();
            case "mse":
                return new MeanSquaredError();
            case "softmax-ce":
                return new SoftmaxCrossEntropy();
            case "bce":
                return new BinaryCrossEntropyWithLogits();
            case "bce-prob":
                return new BinaryCrossEntropy();
            default:
                throw new IllegalArgumentException("unknown loss '" + name
                        + "'; expected one of half-sse, mse, softmax-ce, bce, bce-prob");
        }
    }

    /** Throws unless prediction and target have one shape; the message names both. */
    static void checkShapes(String loss, Tensor prediction, Tensor target) {
        Tensor.requireSameShape(loss + " (prediction vs target)", prediction, target);
    }

    /** The type of the last layer, or "none". */
    static String lastType(List<Layer> layers) {
        return layers.isEmpty() ? "none" : layers.get(layers.size() - 1).type();
    }
}
