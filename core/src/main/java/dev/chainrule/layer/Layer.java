package dev.chainrule.layer;

import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * One stage of a network: a map from a batch {@code [batch, inFeatures]} to a batch
 * {@code [batch, outFeatures]}, with its backward pass beside it.
 *
 * <p>Calling order during training: {@link #forward} with {@code training = true}, which keeps
 * what the backward pass needs; then {@link #backward} with {@code dLoss/dOutput}, which
 * <em>overwrites</em> the gradients of {@link #parameters()} and returns {@code dLoss/dInput}.
 * A layer never updates its own weights: an optimizer does. {@code backward} never modifies
 * its argument.
 *
 * <p>Buffers: the tensors returned by {@code forward} and {@code backward} belong to the layer
 * and are reused by the next call with the same batch size, so training allocates nothing per
 * batch in the steady state. Copy them to keep them. {@link #infer} is the pure, thread-safe
 * path: it writes into a caller-owned output and touches no layer state.
 *
 * <p>Storage: a layer never reads tensor storage itself; every computation goes through its
 * {@link Kernels} ({@link #useKernels}), so another backend runs the same layers.
 */
public interface Layer {

    /**
     * A short type name for messages and files: {@code dense}, {@code relu}, {@code sigmoid}, ...
     *
     * @return a short type name for messages and files: {@code dense}, {@code relu}, {@code sigmoid}, 
     */
    String type();

    /**
     * The output width for an input width, or an {@link IllegalArgumentException} naming the
     * expected width when this layer cannot take {@code inFeatures}.
     *
     * @param inFeatures the number of input features
     * @return the output width for an input width, or an {@link IllegalArgumentException} naming the expected width when this layer cannot take {@code inFeatures}
     */
    int outputSize(int inFeatures);

    /**
     * The shape of one output example for an input example of shape {@code input}. The default
     * is that of a layer on feature rows: it takes {@code [features]} only and gives
     * {@code [outputSize(features)]}; layers on images, and layers that keep any shape,
     * override it.
     *
     * @param input the shape of one input example
     * @return the shape of one output example
     * @throws ShapeException naming both shapes and the fix when this layer cannot take {@code input}
     */
    default Shape outputShape(Shape input) {
        if (!input.isVector()) {
            throw new ShapeException(type() + " takes examples of shape [features], got " + input
                    + "; put a flatten layer before it ({\"flatten\": true}) to make them [" + input.size() + "]");
        }
        return Shape.vector(outputSize(input.size()));
    }

    /**
     * What this layer is, as a network file writes it (its type and settings, no trained
     * weights): how models are saved and rebuilt.
     *
     * @return the layer's config
     * @throws UnsupportedOperationException for a layer type that is not registered
     */
    default LayerConfig config() {
        throw new UnsupportedOperationException("layer type " + type() + " is not registered (LayerRegistry), so it"
                + " cannot be written to a network or model file");
    }

    /**
     * Computes the output for {@code input} and, when {@code training}, remembers what backward needs.
     *
     * @param input the input, {@code [batch, inFeatures]}
     * @param training true on the training path (dropout on), false when predicting
     * @return the output, {@code [batch, outputSize(inFeatures)]} (a buffer the layer reuses)
     */
    Tensor forward(Tensor input, boolean training);

    /**
     * Back-propagates {@code gradOutput = dLoss/dOutput} (shape of the last forward output):
     * writes the parameter gradients and returns {@code dLoss/dInput}, or {@code null} when
     * {@code needInputGradient} is false (the first layer: nothing consumes it).
     *
     * @param gradOutput the gradient of the loss with respect to this layer's output, {@code [batch, outputs]}
     * @param needInputGradient whether to compute the gradient for this layer's input
     * @return {@code dLoss/dInput} (a buffer the layer reuses), or null
     */
    Tensor backward(Tensor gradOutput, boolean needInputGradient);

    /**
     * Pure evaluation (no dropout, no caching): writes the output for {@code input} into
     * {@code output}, of shape {@code [input.rows, outputSize(input.cols)]}. Safe to call from
     * many threads at once while no training step runs.
     *
     * @param input the input, {@code [batch, inFeatures]}
     * @param output written: the output, {@code [batch, outputSize(inFeatures)]}
     */
    void infer(Tensor input, Tensor output);

    /**
     * The output of the last {@link #forward} pass (a buffer the next one overwrites: copy it to
     * keep it), or null before the first; what callbacks read to watch activations.
     *
     * @return the output of the last {@link #forward} pass (a buffer the next one overwrites: copy it to keep it), or null before the first; what callbacks read to watch activations
     */
    default Tensor lastOutput() {
        return null;
    }

    /**
     * Computes with {@code kernels} from now on, parameters included: the model calls it when
     * it is built, with its own kernels. A layer used alone computes with the default kernels
     * ({@link Kernels#active()} when it was made). Layers that compute nothing ignore it.
     *
     * @param kernels the kernels the layer computes with from now on
     */
    default void useKernels(Kernels kernels) {
    }

    /**
     * State that is part of the model but not trained (batch normalization's running mean and
     * variance), by name ({@code <layer>.running_mean}); live tensors, saved in model files.
     *
     * @return the tensors by name, in a stable order; empty for most layers
     */
    default java.util.Map<String, Tensor> buffers() {
        return java.util.Map.of();
    }

    /**
     * Trainable parameters, in a stable order; empty for activations.
     *
     * @return the layer's parameters (empty for an activation)
     */
    default List<Parameter> parameters() {
        return List.of();
    }
}
