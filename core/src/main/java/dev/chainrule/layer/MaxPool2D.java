package dev.chainrule.layer;

import dev.chainrule.tensor.Pooling2d;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Max pooling, PyTorch's {@code MaxPool2d}: each output is the largest input in its window,
 * channel by channel (the first one on a tie); the gradient goes to that input alone.
 *
 * <p>Shapes: input {@code [batch, channels, inH, inW]}, output {@code [batch, channels, outH,
 * outW]} with {@code outH = floor((inH + 2 padding - kernel) / stride) + 1}.
 * <pre>
 *   y[b, c, i, j] = max over (p, q) in the window of x[b, c, i s - pad + p, j s - pad + q]   (padding never chosen)
 *   dx[b, c, r, s] = sum of g[b, c, i, j] over the windows whose maximum is x[b, c, r, s]
 * </pre>
 * See {@link Pooling2d}. In a network file: {@code {"maxpool2d": 2}} (stride = kernel), or
 * {@code {"maxpool2d": 3, "stride": 2, "padding": 1}}; padding at most half the kernel.
 */
public final class MaxPool2D extends Pool2D {
    /** The registered type: the key {@code maxpool2d}. */
    public static final LayerType TYPE = new Type();

    private final Config config;
    private int[] argmax = new int[0];

    /**
     * The settings of a max pooling layer.
     *
     * @param kernelH window rows
     * @param kernelW window columns
     * @param strideH step between output rows
     * @param strideW step between output columns
     * @param padH    rows of padding above and below, at most {@code kernelH / 2}
     * @param padW    columns of padding left and right, at most {@code kernelW / 2}
     */
    public record Config(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) implements LayerConfig {
        /**
         * Checks the settings.
         *
         * @param kernelH at least 1
         * @param kernelW at least 1
         * @param strideH at least 1
         * @param strideW at least 1
         * @param padH    at most half the kernel
         * @param padW    at most half the kernel
         */
        public Config {
            new Window(kernelH, kernelW, strideH, strideW, padH, padW);
        }

        /**
         * A square window of {@code kernel}, stride {@code kernel}, no padding.
         *
         * @param kernel the window's size
         * @return the config
         */
        public static Config of(int kernel) {
            return new Config(kernel, kernel, kernel, kernel, 0, 0);
        }

        Window window() {
            return new Window(kernelH, kernelW, strideH, strideW, padH, padW);
        }

        @Override
        public LayerType type() {
            return TYPE;
        }

        @Override
        public Map<String, Object> toJson() {
            return window().toJson("maxpool2d");
        }

        @Override
        public Shape outputShape(Shape input) {
            return window().outputShape(input, "maxpool2d");
        }

        @Override
        public String label(Shape input) {
            return window().label("maxpool2d");
        }

        @Override
        public Layer build(Shape input, LayerContext context) {
            return new MaxPool2D(context.name(), input, this);
        }
    }

    /**
     * A max pooling layer for examples of shape {@code input}.
     *
     * @param name   names the layer in messages
     * @param input  one example's shape, {@code [channels, height, width]}
     * @param config the window
     */
    public MaxPool2D(String name, Shape input, Config config) {
        super(name, input, config.window(), "maxpool2d");
        this.config = config;
    }

    @Override
    public String type() {
        return "maxpool2d";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        outputSize(x.cols());
        Tensor y = output(x.dtype(), x.rows());
        if (argmax.length < y.size()) {
            argmax = new int[y.size()];
        }
        pool.maxTraining(x, y, argmax);
        return y;
    }

    @Override
    public void infer(Tensor x, Tensor out) {
        outputSize(x.cols());
        pool.max(x, out, null);
    }

    @Override
    public Tensor backward(Tensor g, boolean needInputGradient) {
        if (last == null) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        if (!needInputGradient) {
            return null;
        }
        Tensor dx = gradInput(g.dtype(), g.rows());
        pool.maxBackward(g, argmax, dx);
        return dx;
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "maxpool2d";
        }

        @Override
        public Set<String> keys() {
            return Set.of("maxpool2d", "stride", "padding");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            Window w = Window.fromJson(json, "maxpool2d");
            return new Config(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW());
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(new LayerSample("maxpool2d 2", Config.of(2), Shape.image(2, 4, 5)),
                    new LayerSample("maxpool2d 3, stride 2, padding 1", new Config(3, 3, 2, 2, 1, 1), Shape.image(1, 5, 5)),
                    new LayerSample("maxpool2d 2, stride 1", new Config(2, 2, 1, 1, 0, 0), Shape.image(2, 3, 3)));
        }

        @Override
        public String usage() {
            return "{\"maxpool2d\": K, \"stride\": K, \"padding\": 0}: the largest value of each KxK window, channel by channel";
        }
    }
}
