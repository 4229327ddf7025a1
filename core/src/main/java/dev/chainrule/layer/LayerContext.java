package dev.chainrule.layer;

import dev.chainrule.init.Initializer;
import dev.chainrule.tensor.DType;

import java.util.Random;

/**
 * What the builder gives a {@link LayerConfig} to build its layer with.
 *
 * @param name        the layer's name, its type and its count among layers of that type, e.g.
 *                    {@code conv2d_1}; parameters are named after it ({@code conv2d_1.weight})
 * @param ordinal     1 for the first layer of its type in the network, 2 for the second, ...
 * @param dtype       the network's element type
 * @param random      the network's random source for initial weights, shared by its layers in order
 * @param initializer the initializer for this layer's weights when its config names none
 * @param seed        the network's seed (dropout layers derive their masks' seeds from it)
 */
public record LayerContext(String name, int ordinal, DType dtype, Random random, Initializer initializer, long seed) {
}
