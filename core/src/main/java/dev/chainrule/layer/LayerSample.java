package dev.chainrule.layer;

import dev.chainrule.tensor.Shape;

import java.util.function.UnaryOperator;

/**
 * A small configuration of a layer type for the checks that run over every registered type:
 * the float64 gradient check and the layer contract test.
 *
 * @param description what the sample shows, e.g. {@code conv2d stride 2, padding 1}
 * @param config      the layer's settings
 * @param input       one example's shape
 * @param forChecks   what a check does to the built layer first (dropout fixes its mask, so that
 *                    the layer is one function of its input); usually the identity
 */
public record LayerSample(String description, LayerConfig config, Shape input, UnaryOperator<Layer> forChecks) {

    /**
     * A sample checked as built.
     *
     * @param description what the sample shows
     * @param config      the layer's settings
     * @param input       one example's shape
     */
    public LayerSample(String description, LayerConfig config, Shape input) {
        this(description, config, input, UnaryOperator.identity());
    }
}
