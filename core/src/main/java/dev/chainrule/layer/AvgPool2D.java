package dev.chainrule.layer;

import dev.chainrule.tensor.Pooling2d;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Average pooling, PyTorch's {@code AvgPool2d} (padding counted as zeros in the average,
 * PyTorch's {@code count_include_pad}): each output is the mean of its window, channel by
 * channel; the gradient is shared equally by the window.
 *
 * <p>Shapes: input {@code [batch, channels, inH, inW]}, output {@code [batch, channels, outH,
 * outW]}, sizes as for {@link MaxPool2D}.
 * <pre>
 *   y[b, c, i, j] = (1 / (kH kW)) sum over (p, q) of x[b, c, i s - pad + p, j s - pad + q]
 *   dx[b, c, r, s] = sum of g[b, c, i, j] / (kH kW) over the windows that cover (r, s)
 * </pre>
 * See {@link Pooling2d}. In a network file: {@code {"avgpool2d": 2}}, with optional
 * {@code stride} and {@code padding} as for {@code maxpool2d}.
 */
public final class AvgPool2D extends Pool2D {
    /** The registered type: the key {@code avgpool2d}. */
    public static final LayerType TYPE = new Type();

    private final Config config;

    /**
     * The settings of an average pooling layer.
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
            return window().toJson("avgpool2d");
        }

        @Override
        public Shape outputShape(Shape input) {
            return window().outputShape(input, "avgpool2d");
        }

        @Override
        public String label(Shape input) {
            return window().label("avgpool2d");
        }

        @Override
        public Layer build(Shape input, LayerContext context) {
            return new AvgPool2D(context.name(), input, this);
        }
    }

    /**
     * An average pooling layer for examples of shape {@code input}.
     *
     * @param name   names the layer in messages
     * @param input  one example's shape, {@code [channels, height, width]}
     * @param config the window
     */
    public AvgPool2D(String name, Shape input, Config config) {
        super(name, input, config.window(), "avgpool2d");
        this.config = config;
    }

    @Override
    public String type() {
        return "avgpool2d";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        outputSize(x.cols());
        Tensor y = output(x.dtype(), x.rows());
        pool.average(x, y);
        return y;
    }

    @Override
    public void infer(Tensor x, Tensor out) {
        outputSize(x.cols());
        pool.average(x, out);
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
        pool.averageBackward(g, dx);
        return dx;
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "avgpool2d";
        }

        @Override
        public Set<String> keys() {
            return Set.of("avgpool2d", "stride", "padding");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            Window w = Window.fromJson(json, "avgpool2d");
            return new Config(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW());
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(new LayerSample("avgpool2d 2", Config.of(2), Shape.image(2, 4, 5)),
                    new LayerSample("avgpool2d 3, stride 2, padding 1", new Config(3, 3, 2, 2, 1, 1), Shape.image(1, 5, 5)));
        }

        @Override
        public String usage() {
            return "{\"avgpool2d\": K, \"stride\": K, \"padding\": 0}: the mean of each KxK window, channel by channel";
        }
    }
}
