package dev.chainrule.layer;

import dev.chainrule.init.Initializer;
import dev.chainrule.tensor.Convolution2d;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.tensor.Window2d;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Two-dimensional convolution, PyTorch's {@code Conv2d}: each of {@code filters} output
 * channels is a cross-correlation of the input channels with that filter's kernels, plus a bias.
 *
 * <p>Shapes: input {@code [batch, inChannels, inH, inW]}; weight {@code [filters, inChannels, kH,
 * kW]} (PyTorch's layout: weights move between the two without transposing); bias {@code [1,
 * filters]}; output {@code [batch, filters, outH, outW]}, with {@code outH = floor((inH + padTop
 * + padBottom - dH (kH - 1) - 1) / sH) + 1} and likewise {@code outW}.
 * <pre>
 *   y[b, o, i, j] = bias[o] + sum_{c, p, q} w[o, c, p, q] x[b, c, i sH - padTop + p dH, j sW - padLeft + q dW]
 * </pre>
 * (terms outside the image are zero: zero padding). Backward, with {@code g = dLoss/dy}:
 * <pre>
 *   dw[o, c, p, q] = sum_{b, i, j} g[b, o, i, j] x[b, c, i sH - padTop + p dH, j sW - padLeft + q dW]
 *   dbias[o]       = sum_{b, i, j} g[b, o, i, j]
 *   dx[b, c, r, s] = sum of g[b, o, i, j] w[o, c, p, q] over every (o, i, j, p, q) that reads x[b, c, r, s]
 * </pre>
 * The work is done by {@link Convolution2d} (lowered onto the matrix-product kernels). Weights
 * are drawn with the convolution's fans: {@code fanIn = inChannels kH kW}, {@code fanOut =
 * filters kH kW} (He before a ReLU, Glorot otherwise, as for dense layers).
 *
 * <p>In a network file: {@code {"conv2d": 16, "kernel": 3, "stride": 1, "padding": 1, "dilation":
 * 1, "bias": true}}; {@code kernel}, {@code stride}, {@code padding} and {@code dilation} are one
 * number or {@code [rows, columns]}, and {@code padding} may be {@code "same"} (as many outputs as
 * inputs at stride 1, {@code ceil(in / stride)} otherwise; the odd padding row or column goes
 * below or right) or {@code "valid"} (0).
 */
public final class Conv2D implements Layer {
    /** The registered type: the key {@code conv2d}. */
    public static final LayerType TYPE = new Type();

    private final String name;
    private final Shape input;
    private final Config config;
    private final Window2d window;
    private final Shape output;
    private final Parameter weight;
    private final Parameter bias;
    private Kernels kernels = Kernels.active();
    private final Convolution2d conv;
    private final ThreadLocal<Convolution2d> inferConv = new ThreadLocal<>();

    private Tensor x;
    private Tensor y;
    private final Buffers outputs = new Buffers();
    private final Buffers gradInputs = new Buffers();

    /**
     * The settings of a convolution.
     *
     * @param filters   output channels
     * @param kernelH   kernel rows
     * @param kernelW   kernel columns
     * @param strideH   step between output rows
     * @param strideW   step between output columns
     * @param padH      zero rows above and below (ignored when {@code same})
     * @param padW      zero columns left and right (ignored when {@code same})
     * @param same      padding that keeps {@code ceil(in / stride)} outputs
     * @param dilationH spacing of the kernel's rows
     * @param dilationW spacing of the kernel's columns
     * @param bias      whether a bias is added
     * @param init      the weights' initializer, or null for the network's
     * @param weights   initial weights {@code [filters][inChannels][kH][kW]}, or null to draw them
     * @param biases    initial biases (one per filter), or null (zeros when {@code bias})
     */
    public record Config(int filters, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean same,
                         int dilationH, int dilationW, boolean bias, Initializer init, double[][][][] weights,
                         double[] biases) implements LayerConfig {

        /**
         * Checks the settings.
         *
         * @param filters   at least 1
         * @param kernelH   at least 1
         * @param kernelW   at least 1
         * @param strideH   at least 1
         * @param strideW   at least 1
         * @param padH      at least 0
         * @param padW      at least 0
         * @param same      padding that keeps the size
         * @param dilationH at least 1
         * @param dilationW at least 1
         * @param bias      whether a bias is added
         * @param init      the initializer or null
         * @param weights   initial weights or null
         * @param biases    initial biases or null
         */
        public Config {
            if (filters < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
                    || padH < 0 || padW < 0) {
                throw new IllegalArgumentException("a convolution needs filters, kernel, stride and dilation of at least 1"
                        + " and padding of at least 0, got " + filters + " filters, kernel " + kernelH + "x" + kernelW
                        + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW + ", dilation "
                        + dilationH + "x" + dilationW);
            }
            if (biases != null && (!bias || biases.length != filters)) {
                throw new IllegalArgumentException("\"bias\" has " + biases.length + " values, expected " + filters
                        + " (one per filter)");
            }
            if (weights != null && weights.length != filters) {
                throw new IllegalArgumentException("\"weights\" has " + weights.length + " filters, expected " + filters);
            }
        }

        /**
         * The settings without initial weights and biases.
         *
         * @param filters   output channels
         * @param kernelH   kernel rows
         * @param kernelW   kernel columns
         * @param strideH   step between output rows
         * @param strideW   step between output columns
         * @param padH      zero rows above and below
         * @param padW      zero columns left and right
         * @param same      padding that keeps the size
         * @param dilationH spacing of the kernel's rows
         * @param dilationW spacing of the kernel's columns
         * @param bias      whether a bias is added
         * @param init      the initializer or null
         */
        public Config(int filters, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean same,
                      int dilationH, int dilationW, boolean bias, Initializer init) {
            this(filters, kernelH, kernelW, strideH, strideW, padH, padW, same, dilationH, dilationW, bias, init, null, null);
        }

        /**
         * {@code filters} square kernels of {@code kernel}, stride 1, no padding, with bias.
         *
         * @param filters output channels
         * @param kernel  kernel rows and columns
         * @return the config
         */
        public static Config of(int filters, int kernel) {
            return new Config(filters, kernel, kernel, 1, 1, 0, 0, false, 1, 1, true, null);
        }

        /**
         * The same with stride {@code stride} in both directions.
         *
         * @param stride the stride
         * @return a new config
         */
        public Config stride(int stride) {
            return new Config(filters, kernelH, kernelW, stride, stride, padH, padW, same, dilationH, dilationW, bias, init, weights,
                    biases);
        }

        /**
         * The same with {@code padding} zeros on every side.
         *
         * @param padding the padding
         * @return a new config
         */
        public Config padding(int padding) {
            return new Config(filters, kernelH, kernelW, strideH, strideW, padding, padding, false, dilationH, dilationW,
                    bias, init, weights, biases);
        }

        /**
         * The same with {@code same} padding.
         *
         * @return a new config
         */
        public Config samePadding() {
            return new Config(filters, kernelH, kernelW, strideH, strideW, 0, 0, true, dilationH, dilationW, bias, init, weights,
                    biases);
        }

        /**
         * The same with dilation {@code dilation} in both directions.
         *
         * @param dilation the dilation
         * @return a new config
         */
        public Config dilation(int dilation) {
            return new Config(filters, kernelH, kernelW, strideH, strideW, padH, padW, same, dilation, dilation, bias, init,
                    weights, biases);
        }

        /**
         * The same with or without bias.
         *
         * @param withBias whether a bias is added
         * @return a new config
         */
        public Config bias(boolean withBias) {
            return new Config(filters, kernelH, kernelW, strideH, strideW, padH, padW, same, dilationH, dilationW, withBias,
                    init, weights, withBias ? biases : null);
        }

        /**
         * The same with its own initializer.
         *
         * @param initializer the weights' initializer
         * @return a new config
         */
        public Config init(Initializer initializer) {
            return new Config(filters, kernelH, kernelW, strideH, strideW, padH, padW, same, dilationH, dilationW, bias,
                    initializer, weights, biases);
        }

        /**
         * Where the kernel goes over an input of shape {@code [channels, height, width]}.
         *
         * @param input the input example's shape
         * @return the window
         */
        public Window2d window(Shape input) {
            return same ? Window2d.same(kernelH, kernelW, strideH, strideW, dilationH, dilationW, input.dim(1), input.dim(2))
                    : new Window2d(kernelH, kernelW, strideH, strideW, padH, padW, padH, padW, dilationH, dilationW);
        }

        @Override
        public LayerType type() {
            return TYPE;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("conv2d", filters);
            m.put("kernel", Settings.pairJson(new int[] {kernelH, kernelW}));
            m.put("stride", Settings.pairJson(new int[] {strideH, strideW}));
            m.put("padding", same ? "same" : Settings.pairJson(new int[] {padH, padW}));
            m.put("dilation", Settings.pairJson(new int[] {dilationH, dilationW}));
            m.put("bias", biases != null ? biases : (Object) bias);
            if (weights != null) {
                m.put("weights", weights);
            }
            return m;
        }

        /**
         * The same settings with these initial weights and biases (how a network file that
         * rebuilds a trained layer writes it).
         *
         * @param w  weights {@code [filters][inChannels][kH][kW]}
         * @param b  biases, or null
         * @return a new config
         */
        public Config withWeights(double[][][][] w, double[] b) {
            return new Config(filters, kernelH, kernelW, strideH, strideW, padH, padW, same, dilationH, dilationW, bias,
                    init, w, b);
        }

        @Override
        public Shape outputShape(Shape in) {
            Window2d w = checkedWindow(in);
            if (weights != null) {
                for (int f = 0; f < filters; f++) {
                    if (weights[f].length != in.dim(0)) {
                        throw new ShapeException("\"weights\" filter " + (f + 1) + " has " + weights[f].length
                                + " channels, expected " + in.dim(0) + " (shape [" + filters + ", " + in.dim(0) + ", "
                                + kernelH + ", " + kernelW + "])");
                    }
                    for (double[][] channel : weights[f]) {
                        if (channel.length != kernelH || java.util.Arrays.stream(channel).anyMatch(r -> r.length != kernelW)) {
                            throw new ShapeException("\"weights\" filter " + (f + 1) + " is not " + kernelH + "x" + kernelW
                                    + " in every channel (shape [" + filters + ", " + in.dim(0) + ", " + kernelH + ", "
                                    + kernelW + "])");
                        }
                    }
                }
            }
            return Shape.image(filters, w.outH(in.dim(1)), w.outW(in.dim(2)));
        }

        private Window2d checkedWindow(Shape in) {
            if (!in.isImage()) {
                throw new ShapeException("conv2d takes examples of shape [channels, height, width], got " + in
                        + (in.isVector() ? "; give the network an image input such as \"input\": [1, 28, 28]"
                        + " (--input-shape 1,28,28 for a CSV), or use a dense layer here" : ""));
            }
            Window2d w = window(in);
            if (!w.fits(in.dim(1), in.dim(2))) {
                throw new ShapeException("a " + kernelH + "x" + kernelW + " kernel" + (w.effectiveH() != kernelH
                        || w.effectiveW() != kernelW ? " (dilated to " + w.effectiveH() + "x" + w.effectiveW() + ")" : "")
                        + " does not fit the input " + in + " padded to " + (in.dim(1) + w.padTop() + w.padBottom()) + "x"
                        + (in.dim(2) + w.padLeft() + w.padRight()) + "; use a smaller kernel, more padding or"
                        + " \"padding\": \"same\"");
            }
            return w;
        }

        @Override
        public String label(Shape in) {
            StringBuilder sb = new StringBuilder("conv2d, ").append(filters).append(filters == 1 ? " filter " : " filters ")
                    .append(kernelH).append('x').append(kernelW);
            if (strideH != 1 || strideW != 1) {
                sb.append(", stride ").append(strideH == strideW ? "" + strideH : strideH + "x" + strideW);
            }
            if (same) {
                sb.append(", same padding");
            } else if (padH != 0 || padW != 0) {
                sb.append(", padding ").append(padH == padW ? "" + padH : padH + "x" + padW);
            }
            if (dilationH != 1 || dilationW != 1) {
                sb.append(", dilation ").append(dilationH == dilationW ? "" + dilationH : dilationH + "x" + dilationW);
            }
            return sb.toString();
        }

        @Override
        public int[] fans(Shape in) {
            return new int[] {in.dim(0) * kernelH * kernelW, filters * kernelH * kernelW};
        }

        @Override
        public Layer build(Shape in, LayerContext context) {
            Conv2D layer = new Conv2D(context.name(), in, this, context.dtype());
            if (weights == null) {
                layer.initialize(init != null ? init : context.initializer(), context.random());
            } else {
                Tensor w = layer.weight.value();
                int i = 0;
                for (double[][][] filter : weights) {
                    for (double[][] channel : filter) {
                        for (double[] row : channel) {
                            for (double v : row) {
                                w.setFlat(i++, v);
                            }
                        }
                    }
                }
            }
            if (biases != null) {
                for (int f = 0; f < filters; f++) {
                    layer.bias.value().setFlat(f, biases[f]);
                }
            }
            return layer;
        }
    }

    /**
     * A layer with zero weights (call {@link #initialize}).
     *
     * @param name   names the parameters ({@code conv2d_1.weight}) and messages
     * @param input  one example's shape, {@code [channels, height, width]}
     * @param config the settings
     * @param dtype  the element type
     * @throws ShapeException when the kernel does not fit the input
     */
    public Conv2D(String name, Shape input, Config config, DType dtype) {
        try {
            this.output = config.outputShape(input);
        } catch (ShapeException e) {
            throw new ShapeException(name + ": " + e.getMessage());
        }
        this.name = name;
        this.input = input;
        this.config = config;
        this.window = config.window(input);
        this.conv = new Convolution2d(input.dim(0), input.dim(1), input.dim(2), config.filters(), window);
        this.weight = new Parameter(name + ".weight",
                Tensor.zeros(dtype, new int[] {config.filters(), input.dim(0), config.kernelH(), config.kernelW()}));
        this.bias = config.bias() ? new Parameter(name + ".bias", Tensor.zeros(dtype, 1, config.filters())) : null;
    }

    /**
     * Draws the weights from {@code init} with the convolution's fans, then the bias
     * ({@link Initializer#fillBias}: zeros unless the initializer draws it).
     *
     * @param init   the initializer
     * @param random the random source
     */
    public void initialize(Initializer init, Random random) {
        int[] fans = config.fans(input);
        init.fill(weight.value(), fans[0], fans[1], random);
        if (bias != null) {
            init.fillBias(bias.value(), fans[0], random);
        }
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public Config config() {
        return config.weights() == null && config.biases() == null ? config : config.withWeights(null, null);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (!in.equals(input)) {
            throw new ShapeException(name + " was built for examples of shape " + input + ", got " + in);
        }
        return output;
    }

    @Override
    public void useKernels(Kernels newKernels) {
        this.kernels = java.util.Objects.requireNonNull(newKernels, "kernels");
        conv.useKernels(newKernels);
        weight.useKernels(newKernels);
        if (bias != null) {
            bias.useKernels(newKernels);
        }
    }

    /**
     * @return one input example's shape
     */
    public Shape inputShape() {
        return input;
    }

    /**
     * @return where the kernel goes over the input (padding resolved)
     */
    public Window2d window() {
        return window;
    }

    /**
     * @return the weight, {@code [filters, inChannels, kH, kW]}
     */
    public Parameter weight() {
        return weight;
    }

    /**
     * @return the bias, {@code [1, filters]}, or null
     */
    public Parameter bias() {
        return bias;
    }

    @Override
    public int outputSize(int inFeatures) {
        if (inFeatures != input.size()) {
            throw new ShapeException(name + ": expects examples of shape " + input + " (" + input.size()
                    + " values), got " + inFeatures + " values");
        }
        return output.size();
    }

    @Override
    public Tensor forward(Tensor in, boolean training) {
        if (in.cols() != input.size()) {
            outputSize(in.cols());
        }
        weight.dropDeferredGradient();
        y = outputs.get(in.dtype(), in.rows(), output);
        conv.forward(in, weight.value(), bias == null ? null : bias.value(), y);
        x = in;
        return y;
    }

    @Override
    public void infer(Tensor in, Tensor out) {
        outputSize(in.cols());
        Convolution2d c = inferConv.get();
        if (c == null) {
            // the pure path may run on many threads at once: scratch of its own per thread
            c = new Convolution2d(input.dim(0), input.dim(1), input.dim(2), config.filters(), window);
            inferConv.set(c);
        }
        c.useKernels(kernels);
        c.forward(in, weight.value(), bias == null ? null : bias.value(), out);
    }

    @Override
    public Tensor backward(Tensor g, boolean needInputGradient) {
        if (x == null) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        Tensor dx = needInputGradient ? gradInputs.get(g.dtype(), g.rows(), input) : null;
        conv.backward(x, weight.value(), g, weight.gradient(), bias == null ? null : bias.gradient(), dx);
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public Tensor lastOutput() {
        return y;
    }

    @Override
    public String toString() {
        return "Conv2D(" + input + " -> " + output + ", " + window + (bias == null ? ", no bias" : "") + ")";
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "conv2d";
        }

        @Override
        public Set<String> keys() {
            return Set.of("conv2d", "kernel", "stride", "padding", "dilation", "bias", "weights");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            int filters = Settings.whole(json.get("conv2d"), "conv2d", 1);
            if (!json.containsKey("kernel")) {
                throw new IllegalArgumentException("\"kernel\" (the kernel size, e.g. 3 or [3, 3]) is missing");
            }
            int[] kernel = Settings.pair(json.get("kernel"), "kernel", 1);
            int[] stride = Settings.pair(json, "stride", 1, new int[] {1, 1});
            int[] dilation = Settings.pair(json, "dilation", 1, new int[] {1, 1});
            Object p = json.get("padding");
            boolean same = "same".equals(p);
            int[] padding = same || "valid".equals(p) ? new int[] {0, 0} : Settings.pair(json, "padding", 0, new int[] {0, 0});
            if (p instanceof String s && !same && !s.equals("valid")) {
                throw new IllegalArgumentException("\"padding\" must be a number, two numbers, \"same\" or \"valid\", got"
                        + " \"" + s + "\"");
            }
            Object b = json.get("bias");
            boolean bias = true;
            double[] biases = null;
            if (b instanceof java.util.List<?> list) {
                biases = Settings.numbers(list, "bias");
            } else if (b != null) {
                bias = Settings.bool(json, "bias", true);
            }
            double[][][][] weights = json.containsKey("weights") ? weights(json.get("weights")) : null;
            return new Config(filters, kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], same,
                    dilation[0], dilation[1], bias, null, weights, biases);
        }

        /** {@code [filters][inChannels][kH][kW]} nested arrays of numbers. */
        private static double[][][][] weights(Object value) {
            java.util.List<?> filters = list(value);
            double[][][][] w = new double[filters.size()][][][];
            for (int f = 0; f < w.length; f++) {
                java.util.List<?> channels = list(filters.get(f));
                w[f] = new double[channels.size()][][];
                for (int c = 0; c < w[f].length; c++) {
                    java.util.List<?> rows = list(channels.get(c));
                    w[f][c] = new double[rows.size()][];
                    for (int r = 0; r < rows.size(); r++) {
                        w[f][c][r] = Settings.numbers(list(rows.get(r)), "weights");
                    }
                }
            }
            return w;
        }

        private static java.util.List<?> list(Object v) {
            if (!(v instanceof java.util.List<?> l)) {
                throw new IllegalArgumentException("\"weights\" must be nested arrays [filters][channels][rows][columns] of"
                        + " numbers, got " + Settings.describe(v));
            }
            return l;
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(
                    new LayerSample("conv2d 3x3, padding 1", Config.of(3, 3).padding(1), Shape.image(2, 5, 5)),
                    new LayerSample("conv2d stride 2, padding 1", Config.of(2, 3).stride(2).padding(1), Shape.image(2, 6, 5)),
                    new LayerSample("conv2d dilation 2, same padding", Config.of(2, 3).dilation(2).samePadding(), Shape.image(1, 7, 6)),
                    new LayerSample("conv2d 2x3 kernel, stride [2, 1], no bias",
                            new Config(2, 2, 3, 2, 1, 0, 1, false, 1, 1, false, null), Shape.image(3, 5, 4)));
        }

        @Override
        public String usage() {
            return "{\"conv2d\": FILTERS, \"kernel\": K, \"stride\": 1, \"padding\": 0|\"same\", \"dilation\": 1, \"bias\": true}:"
                    + " 2-D convolution on [channels, height, width]; K, stride, padding, dilation: N or [rows, columns]";
        }
    }
}
