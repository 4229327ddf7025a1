package dev.chainrule.layer;

import dev.chainrule.tensor.Shape;

import java.util.Map;

/**
 * A layer as a network file and the builder describe it: its registered type and its settings,
 * without trained weights (Keras's {@code get_config}/{@code from_config} and
 * {@code compute_output_shape}). Immutable. Each layer type has one, registered with its
 * {@link LayerType} in the {@link LayerRegistry}; the builder, network files, model files, the
 * gradient check and {@code explain} all go through it, so a new layer type is one class and one
 * registration.
 */
public interface LayerConfig {

    /**
     * The registered type, whose name is the key that names this layer in a network file.
     *
     * @return the layer's type
     */
    LayerType type();

    /**
     * The settings as a network file writes them, the type's key first, e.g.
     * {@code {"conv2d": 16, "kernel": 3, "padding": 1}}; {@link LayerType#fromJson} reads it back
     * to an equal config.
     *
     * @return a map of JSON values (numbers, strings, booleans, lists, maps)
     */
    Map<String, Object> toJson();

    /**
     * The shape of one output example for an input example of shape {@code input}.
     *
     * @param input the shape of one example reaching this layer
     * @return the shape of one example leaving it
     * @throws dev.chainrule.tensor.ShapeException when this layer cannot take {@code input}: the
     *         message names both shapes and what to change (the caller adds the layer's position)
     */
    Shape outputShape(Shape input);

    /**
     * The fan-in and fan-out its weights are initialized with, for an input of shape
     * {@code input}, or null for a layer without initialized weights.
     *
     * @param input the shape of one input example
     * @return {@code {fanIn, fanOut}}, or null
     */
    default int[] fans(Shape input) {
        return null;
    }

    /**
     * Builds the layer for inputs of shape {@code input}, drawing its weights with the context's
     * initializer (this config's own, when it names one).
     *
     * @param input   the shape of one input example (already checked with {@link #outputShape})
     * @param context the layer's name, dtype, random source and initializer
     * @return a new layer
     */
    Layer build(Shape input, LayerContext context);

    /**
     * How messages name this layer for an input of shape {@code input}: its type, and for some
     * types the sizes ({@code dense 784 -> 128}).
     *
     * @param input the shape of one input example
     * @return a short label
     */
    default String label(Shape input) {
        return type().name();
    }
}
