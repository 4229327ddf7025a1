package dev.chainrule.testing;

import dev.chainrule.layer.ActivationConfig;
import dev.chainrule.layer.AvgPool2D;
import dev.chainrule.layer.BatchNorm;
import dev.chainrule.layer.Conv2D;
import dev.chainrule.layer.DenseConfig;
import dev.chainrule.layer.DropoutConfig;
import dev.chainrule.layer.Flatten;
import dev.chainrule.layer.GlobalAvgPool2D;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LayerConfig;
import dev.chainrule.layer.MaxPool2D;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small random networks for property tests of the writers (safetensors, ONNX): an image stage of
 * convolutions (any kernel, stride, padding, {@code same}, dilation, with or without bias),
 * pooling with and without padding, batch normalization, activations and dropout; then flatten or
 * global average pooling and a dense stage, or an end on images; or a dense stage alone. Batch
 * normalization gets random gamma, beta and running statistics, so it is never the identity.
 * Seeded: the same seed gives the same network.
 */
public final class RandomNetworks {
    private static final List<String> ACTIVATIONS = List.of("relu", "sigmoid", "tanh", "leaky_relu", "softmax");

    private RandomNetworks() {
    }

    /**
     * A random float32 network.
     *
     * @param random the source of every choice
     * @return a built network with random weights and running statistics
     */
    public static Sequential draw(Random random) {
        return draw(random, DType.FLOAT32);
    }

    /**
     * A random network of element type {@code dtype}.
     *
     * @param random the source of every choice
     * @param dtype  the element type
     * @return a built network with random weights and running statistics
     */
    public static Sequential draw(Random random, DType dtype) {
        List<LayerConfig> layers = new ArrayList<>();
        Shape input;
        Shape shape;
        boolean images = random.nextInt(4) != 0;
        if (images) {
            input = Shape.image(1 + random.nextInt(3), 4 + random.nextInt(9), 4 + random.nextInt(9));
            shape = input;
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                LayerConfig c = imageLayer(random);
                try {
                    Shape next = c.outputShape(shape);
                    if (next.size() == 0) {
                        continue;
                    }
                    layers.add(c);
                    shape = next;
                } catch (IllegalArgumentException e) { // ShapeException among them
                    // does not fit this shape: draw the next one
                }
            }
            int end = random.nextInt(5);
            if (end == 0) {
                return build(random, input, layers, dtype, "mse");
            }
            layers.add(end == 1 ? GlobalAvgPool2D.CONFIG : Flatten.CONFIG);
        } else {
            input = Shape.vector(1 + random.nextInt(20));
        }
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            layers.add(switch (random.nextInt(4)) {
                case 0 -> new DenseConfig(1 + random.nextInt(12), random.nextBoolean(), null, null, null);
                case 1 -> BatchNorm.Config.DEFAULT;
                case 2 -> new DropoutConfig(0.1 + 0.5 * random.nextDouble());
                default -> activation(random);
            });
        }
        boolean classes = random.nextBoolean();
        layers.add(DenseConfig.of(classes ? 2 + random.nextInt(5) : 1 + random.nextInt(6)));
        return build(random, input, layers, dtype, classes ? "softmax-ce" : "mse");
    }

    private static LayerConfig imageLayer(Random random) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> {
                int kh = 1 + random.nextInt(3);
                int kw = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : kh;
                int stride = 1 + random.nextInt(2);
                int pad = random.nextInt(2);
                int dilation = random.nextInt(4) == 0 ? 2 : 1;
                yield new Conv2D.Config(1 + random.nextInt(5), kh, kw, stride, random.nextInt(3) == 0 ? 1 : stride, pad,
                        random.nextInt(2), random.nextInt(4) == 0, dilation, dilation, random.nextInt(4) != 0, null);
            }
            case 2 -> {
                int k = 2 + random.nextInt(2);
                int stride = 1 + random.nextInt(2);
                int pad = random.nextInt(k / 2 + 1);
                yield random.nextBoolean() ? new MaxPool2D.Config(k, k, stride, stride, pad, pad)
                        : new AvgPool2D.Config(k, k, stride, stride, pad, pad);
            }
            case 3 -> BatchNorm.Config.DEFAULT;
            case 4 -> new DropoutConfig(0.2);
            default -> activation(random);
        };
    }

    private static LayerConfig activation(Random random) {
        String name = ACTIVATIONS.get(random.nextInt(ACTIVATIONS.size()));
        return new ActivationConfig(name, name.equals("leaky_relu") ? 0.01 + 0.3 * random.nextDouble()
                : ActivationConfig.DEFAULT_SLOPE);
    }

    private static Sequential build(Random random, Shape input, List<LayerConfig> layers, DType dtype, String loss) {
        Sequential.Builder b = Sequential.builder(input).seed(random.nextInt(1000)).dtype(dtype).loss(Loss.named(loss));
        layers.forEach(b::add);
        Sequential model = b.build();
        for (Layer layer : model.layers()) {
            if (layer instanceof BatchNorm bn) {
                List<Tensor> stats = List.copyOf(bn.buffers().values());
                for (int c = 0; c < bn.gamma().value().size(); c++) {
                    bn.gamma().value().setFlat(c, 0.5 + random.nextDouble());
                    bn.beta().value().setFlat(c, random.nextGaussian() * 0.5);
                    stats.get(0).setFlat(c, random.nextGaussian() * 0.5);
                    stats.get(1).setFlat(c, 0.5 + 1.5 * random.nextDouble());
                }
            } else {
                for (Parameter p : layer.parameters()) {
                    if (p.name().endsWith(".bias")) {
                        Tensor t = p.value();
                        for (int i = 0; i < t.size(); i++) {
                            t.setFlat(i, random.nextGaussian() * 0.1);
                        }
                    }
                }
            }
        }
        return model;
    }
}
