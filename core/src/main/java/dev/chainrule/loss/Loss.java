package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * A loss {@code L(prediction, target)}: a sum over the batch's rows of a per-row loss, divided by
 * the batch's row count (a mean over the batch), and its gradient with respect to the
 * prediction. {@code prediction} and {@code target} are both {@code [batch, outputs]}; class
 * targets are one-hot rows. The arithmetic runs on {@link Kernels} ({@link dev.chainrule.tensor.LossKernels}):
 * a model passes its own.
 *
 * <p>The mean's count: every method has a form taking {@code meanOver}, the row count the sum
 * is divided by: the batch's own rows for a mean over the batch, or the rows of a larger batch
 * these rows are part of, so that the values and gradients of the parts add up to those of the
 * whole (data-parallel training). The short forms use the batch's rows and the default kernels.
 *
 * <p>Some losses take the network's raw output (logits) and apply the output function
 * themselves (softmax cross-entropy, BCE from logits): {@link #probabilities} maps a raw output
 * to what a user reads as the prediction, and {@link #checkOutputLayer} refuses a network whose
 * last layer does not fit the loss, so the simple fused gradients always hold.
 */
public interface Loss {

    /**
     * The name used on the command line and in model files, e.g. {@code softmax-ce}.
     *
     * @return the name used on the command line and in model files, e.g. {@code softmax-ce}
     */
    String name();

    /**
     * The loss of these rows: their summed loss divided by {@code meanOver} (see each implementation's formula).
     *
     * @param kernels the kernels that compute it
     * @param prediction the network's output, {@code [batch, outputs]}
     * @param target the targets, {@code [batch, outputs]}
     * @param meanOver the row count the value is averaged over (the whole batch's, when this is one part of it)
     * @return the loss of these rows: their summed loss divided by {@code meanOver} (see each implementation's formula)
     */
    double value(Kernels kernels, Tensor prediction, Tensor target, int meanOver);

    /**
     * Writes {@code dL/dPrediction} of {@link #value(Kernels, Tensor, Tensor, int)} into {@code gradient} (same shape).
     *
     * @param kernels the kernels that compute it
     * @param prediction the network's output, {@code [batch, outputs]}
     * @param target the targets, {@code [batch, outputs]}
     * @param gradient written: {@code dL/dPrediction}, {@code [batch, outputs]}
     * @param meanOver the row count the loss is averaged over (the whole batch's, when this is one part of it)
     */
    void gradient(Kernels kernels, Tensor prediction, Tensor target, Tensor gradient, int meanOver);

    /**
     * A training step's three results in one call: returns {@link #value}, writes
     * {@link #probabilities} into {@code probabilities} and {@link #gradient} into {@code gradient},
     * with the same bits as the three separate calls. Losses whose output function is costly
     * (softmax) override it to compute that function once.
     *
     * @param kernels the kernels that compute it
     * @param raw the network's raw outputs, {@code [batch, outputs]}
     * @param target the targets, {@code [batch, outputs]}
     * @param probabilities the predicted probabilities, {@code [n, classes]}
     * @param gradient written: {@code dL/dRaw}, {@code [batch, outputs]}
     * @param meanOver the row count the loss is averaged over
     * @return a training step's three results in one call: returns {@link #value}, writes {@link #probabilities} into {@code probabilities} and {@link #gradient} into {@code gradient}, with the same bits as the three separate calls
     */
    default double valueAndGradient(Kernels kernels, Tensor raw, Tensor target, Tensor probabilities, Tensor gradient,
                                    int meanOver) {
        double value = value(kernels, raw, target, meanOver);
        probabilities(kernels, raw, probabilities);
        gradient(kernels, raw, target, gradient, meanOver);
        return value;
    }

    /**
     * Maps the network's raw output to the prediction a user reads (in place allowed: {@code out} may be {@code raw}).
     *
     * @param kernels the kernels that compute it
     * @param raw the network's raw outputs, {@code [batch, outputs]}
     * @param out written: the prediction (may be {@code raw} itself)
     */
    default void probabilities(Kernels kernels, Tensor raw, Tensor out) {
        if (out != raw) {
            out.copyFrom(raw);
        }
    }

    /**
     * The batch loss, a mean over its rows, on the default kernels.
     *
     * @param prediction the network's output, {@code [batch, outputs]}
     * @param target the targets, {@code [batch, outputs]}
     * @return the batch loss, a mean over its rows, on the default kernels
     */
    default double value(Tensor prediction, Tensor target) {
        return value(Kernels.active(), prediction, target, prediction.rows());
    }

    /**
     * The gradient of {@link #value(Tensor, Tensor)}; reads but never writes the others.
     *
     * @param prediction the network's output, {@code [batch, outputs]}
     * @param target the targets, {@code [batch, outputs]}
     * @param gradient written: {@code dL/dPrediction}, {@code [batch, outputs]}
     */
    default void gradient(Tensor prediction, Tensor target, Tensor gradient) {
        gradient(Kernels.active(), prediction, target, gradient, prediction.rows());
    }

    /**
     * {@link #valueAndGradient(Kernels, Tensor, Tensor, Tensor, Tensor, int)} for a mean over the batch, on the default kernels.
     *
     * @param raw the network's raw outputs, {@code [batch, outputs]}
     * @param target the targets, {@code [batch, outputs]}
     * @param probabilities the predicted probabilities, {@code [n, classes]}
     * @param gradient written: {@code dL/dRaw}, {@code [batch, outputs]}
     * @return the batch loss
     */
    default double valueAndGradient(Tensor raw, Tensor target, Tensor probabilities, Tensor gradient) {
        return valueAndGradient(Kernels.active(), raw, target, probabilities, gradient, raw.rows());
    }

    /**
     * {@link #probabilities(Kernels, Tensor, Tensor)} on the default kernels.
     *
     * @param raw the network's raw outputs, {@code [batch, outputs]}
     * @param out written: the prediction (may be {@code raw} itself)
     */
    default void probabilities(Tensor raw, Tensor out) {
        probabilities(Kernels.active(), raw, out);
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the problem when a network with these
     * layers and this output width does not fit the loss.
     *
     * @param layers the layers in order
     * @param outputs the number of outputs
     */
    default void checkOutputLayer(List<Layer> layers, int outputs) {
    }

    /**
     * The loss for a command-line or file name: {@code half-sse}, {@code mse}, {@code softmax-ce}, {@code bce}, {@code bce-prob}.
     *
     * @param name {@code half-sse}, {@code mse}, {@code softmax-ce}, {@code bce} or {@code bce-prob}
     * @return the loss for a command-line or file name: {@code half-sse}, {@code mse}, {@code softmax-ce}, {@code bce}, {@code bce-prob}
     */
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

    /**
     * Throws unless prediction and target have one shape (the message names both and the loss)
     * and {@code meanOver} is positive; allocates nothing when they do.
     *
     * @param loss names the loss in the message
     * @param prediction the network's output, {@code [batch, outputs]}
     * @param target the targets
     * @param meanOver the row count the loss is averaged over, at least the batch's rows
     */
    static void checkShapes(String loss, Tensor prediction, Tensor target, int meanOver) {
        if (prediction.rows() != target.rows() || prediction.cols() != target.cols()) {
            Tensor.requireSameShape(loss + " (prediction vs target)", prediction, target);
        }
        if (meanOver < 1) {
            throw new IllegalArgumentException(loss + ": the mean's row count must be at least 1, got " + meanOver);
        }
    }

    /**
     * Throws unless prediction and target have one shape; the message names both.
     *
     * @param loss names the loss in the message
     * @param prediction the network's output, {@code [batch, outputs]}
     * @param target the targets
     */
    static void checkShapes(String loss, Tensor prediction, Tensor target) {
        checkShapes(loss, prediction, target, 1);
    }

    /**
     * The type of the last layer, or "none".
     *
     * @param layers the layers in order
     * @return the type of the last layer, or "none"
     */
    static String lastType(List<Layer> layers) {
        return layers.isEmpty() ? "none" : layers.get(layers.size() - 1).type();
    }
}
