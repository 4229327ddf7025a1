package dev.chainrule.model;

import dev.chainrule.init.Initializer;
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
import dev.chainrule.layer.LayerContext;
import dev.chainrule.layer.MaxPool2D;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.Loss;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A network: an ordered list of layers from input examples of one {@link Shape} ({@code [784]}
 * features, or {@code [1, 28, 28]} images) to {@link #outputs()} values, the loss it is trained
 * with, and the {@link Kernels} it computes with. The architecture (every layer's input and
 * output shape, and that the last layer fits the loss) is checked once, when the model is built,
 * with a message naming the layer, the shapes and the fix.
 *
 * <pre>{@code
 * Sequential net = Sequential.builder(784).seed(1)
 *     .dense(50).relu()
 *     .dense(10)
 *     .loss(new SoftmaxCrossEntropy())
 *     .build();
 *
 * Sequential cnn = Sequential.builder(Shape.image(1, 28, 28)).seed(1)
 *     .conv2d(16, 3, 1).relu().maxPool2d(2)
 *     .conv2d(32, 3, 1).relu().maxPool2d(2)
 *     .flatten().dense(128).relu()
 *     .dense(10)
 *     .loss(new SoftmaxCrossEntropy())
 *     .build();
 * }</pre>
 *
 * <p>A batch is {@code [batch, ...inputShape()]}, or the rows {@code [batch, inputs()]} of its
 * flattened examples (the same storage): every layer reads the two-dimensional view and knows
 * its examples' shape.
 *
 * <p>{@link #forward} and {@link #backward} are the training path (stateful, buffers reused);
 * {@link #predict} is the pure path, safe from many threads while no training step runs.
 *
 * <p>Kernels: a model is built with the default kernels ({@link Kernels#active()}) unless given
 * others ({@link Builder#kernels}); it hands them to its layers and their parameters, so every
 * computation of the model, its loss and its optimizer's steps runs on them.
 */
public final class Sequential {
    private final Shape input;
    private final int inputs;
    private final List<Layer> layers;
    private final Loss loss;
    private final DType dtype;
    private final Kernels kernels;
    private final List<Parameter> parameters;
    /** Output width of each layer. */
    private final int[] widths;
    /** Output shape of each layer's examples. */
    private final Shape[] shapes;
    private final Predictor predictor;
    /** Most rows evaluated at a time by {@link #predictRaw} (fewer for wide layers); bounds the intermediate memory of a large batch. */
    public static final int CHUNK_ROWS = Predictor.CHUNK_ROWS;

    /**
     * Builds from ready layers on the default kernels; see {@link #Sequential(int, List, Loss, DType, Kernels)}.
     *
     * @param inputs the number of input features
     * @param layers the layers in order
     * @param loss the loss the model is trained with, or null for a model used only to predict
     * @param dtype the element type of the tensors
     */
    public Sequential(int inputs, List<Layer> layers, Loss loss, DType dtype) {
        this(inputs, layers, loss, dtype, Kernels.active());
    }

    /**
     * Builds from ready layers: checks that each layer accepts the previous width, that every
     * parameter has the network's dtype and that the last layer fits the loss; then hands
     * {@code kernels} to every layer ({@link Layer#useKernels}).
     *
     * @param inputs the number of input features
     * @param layers the layers in order
     * @param loss the loss the model is trained with, or null for a model used only to predict
     * @param dtype the element type of the tensors
     * @param kernels the kernels every layer computes with
     */
    public Sequential(int inputs, List<Layer> layers, Loss loss, DType dtype, Kernels kernels) {
        this(vector(inputs), layers, loss, dtype, kernels);
    }

    private static Shape vector(int inputs) {
        if (inputs <= 0) {
            throw new IllegalArgumentException("a network needs at least one input feature, got " + inputs);
        }
        return Shape.vector(inputs);
    }

    /**
     * Builds from ready layers: checks that each layer takes the previous one's output shape
     * ({@link Layer#outputShape}), that every parameter has the network's dtype and that the last
     * layer fits the loss; then hands {@code kernels} to every layer ({@link Layer#useKernels}).
     *
     * @param input   the shape of one input example
     * @param layers  the layers in order
     * @param loss    the loss the model is trained with, or null for a model used only to predict
     * @param dtype   the element type of the tensors
     * @param kernels the kernels every layer computes with
     */
    public Sequential(Shape input, List<Layer> layers, Loss loss, DType dtype, Kernels kernels) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.input = java.util.Objects.requireNonNull(input, "input");
        this.inputs = input.size();
        this.layers = List.copyOf(layers);
        this.loss = loss;
        this.dtype = dtype;
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        this.widths = new int[this.layers.size()];
        this.shapes = new Shape[this.layers.size()];
        List<Parameter> ps = new ArrayList<>();
        Shape shape = input;
        for (int i = 0; i < widths.length; i++) {
            Layer layer = this.layers.get(i);
            shape = fit(i, layer.type(), shape, layer::outputShape);
            shapes[i] = shape;
            widths[i] = shape.size();
            for (Parameter p : layer.parameters()) {
                if (p.value().dtype() != dtype) {
                    throw new IllegalArgumentException("parameter " + p.name() + " is " + p.value().dtype()
                            + " but the network is " + dtype);
                }
                ps.add(p);
            }
        }
        if (loss != null) {
            loss.checkOutputLayer(this.layers, widths[widths.length - 1]);
        }
        for (Layer layer : this.layers) {
            layer.useKernels(kernels);
        }
        this.parameters = Collections.unmodifiableList(ps);
        this.predictor = new Predictor(this);
    }

    /** The output shape of layer {@code i} for {@code in}, or a message naming the layer, its position and the shapes. */
    private static Shape fit(int i, String label, Shape in, java.util.function.UnaryOperator<Shape> outputShape) {
        try {
            return outputShape.apply(in);
        } catch (IllegalArgumentException e) {
            throw new ShapeException("layer " + (i + 1) + " (" + label + "): " + e.getMessage());
        }
    }

    /**
     * A builder of a network with {@code inputs} input features.
     *
     * @param inputs the number of input features
     * @return a new builder
     */
    public static Builder builder(int inputs) {
        return new Builder(vector(inputs));
    }

    /**
     * A builder of a network whose input examples have shape {@code input}, e.g. {@code [1, 28,
     * 28]} images.
     *
     * @param input one input example's shape
     * @return a new builder
     */
    public static Builder builder(Shape input) {
        return new Builder(java.util.Objects.requireNonNull(input, "input"));
    }

    /**
     * @return the number of values of one input example (the batch's columns)
     */
    public int inputs() {
        return inputs;
    }

    /**
     * @return the shape of one input example, e.g. {@code [784]} or {@code [1, 28, 28]}
     */
    public Shape inputShape() {
        return input;
    }

    /**
     * The shape of the examples leaving layer {@code i} (0-based).
     *
     * @param i the 0-based layer
     * @return the shape of one of its output examples
     */
    public Shape outputShape(int i) {
        return shapes[i];
    }

    /**
     * The state of every layer that is part of the model but not trained (batch normalization's
     * running statistics), by name, layer by layer: live tensors.
     *
     * @return the tensors by name
     */
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Layer layer : layers) {
            out.putAll(layer.buffers());
        }
        return out;
    }

    /**
     * Width of the last layer's output.
     *
     * @return the width of the last layer's output
     */
    public int outputs() {
        return widths[widths.length - 1];
    }

    /**
     * Output width of layer {@code i} (0-based).
     *
     * @param i the 0-based layer
     * @return the width of layer {@code i}'s output
     */
    public int width(int i) {
        return widths[i];
    }

    /**
     * @return the layers in order
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The loss the model is trained with (may be null for a model used only to predict).
     *
     * @return the loss the model is trained with (may be null for a model used only to predict)
     */
    public Loss loss() {
        return loss;
    }

    /**
     * @return the element type of the weights
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The kernels every layer, the loss and the optimizer steps of this model compute with.
     *
     * @return the kernels every layer, the loss and the optimizer steps of this model compute with
     */
    public Kernels kernels() {
        return kernels;
    }

    /**
     * All trainable parameters, layer by layer.
     *
     * @return every trainable parameter, layer by layer
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Total number of trainable scalars.
     *
     * @return total number of trainable scalars
     */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    /**
     * Training-path forward pass: raw outputs {@code [batch, outputs]} (a buffer reused by the next call).
     *
     * @param x the inputs, {@code [batch, inputs]}
     * @param training true on the training path (dropout on), false when predicting
     * @return the raw outputs, {@code [batch, outputs]}
     */
    public Tensor forward(Tensor x, boolean training) {
        checkInput(x);
        Tensor h = x;
        for (Layer layer : layers) {
            h = layer.forward(h, training);
        }
        return h;
    }

    /**
     * Back-propagates {@code dLoss/dOutput} through every layer, last to first, writing every
     * parameter's gradient. The first layer's input gradient is not computed (nothing uses it).
     *
     * @param gradOutput the gradient of the loss with respect to this layer's output, {@code [batch, outputs]}
     */
    public void backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, i > 0);
        }
    }

    /**
     * The raw outputs for {@code x} {@code [batch, inputs]}, computed on the pure path:
     * {@code [batch, outputs]}, a new tensor. Intermediate results go to per-thread buffers
     * reused while the batch size stays the same, so a steady stream of predicts allocates only
     * the result, and many threads may predict at once on one model (while no training step
     * runs). A large batch is evaluated at most {@value #CHUNK_ROWS} rows at a time (fewer for
     * wide layers), so a whole data set never needs full-size intermediate arrays; the rows
     * come out with the same bits either way (every kernel computes a row independently of the
     * others).
     *
     * @param x the inputs, {@code [batch, inputs]}
     * @return the raw outputs for {@code x} {@code [batch, inputs]}, computed on the pure path: {@code [batch, outputs]}, a new tensor
     */
    public Tensor predictRaw(Tensor x) {
        checkInput(x);
        return predictor.predictRaw(x);
    }

    /**
     * What a user reads as the prediction: the raw outputs mapped by the loss (softmax probabilities, sigmoid, or as is).
     *
     * @param x the inputs, {@code [batch, inputs]}
     * @return what a user reads as the prediction: the raw outputs mapped by the loss (softmax probabilities, sigmoid, or as is)
     */
    public Tensor predict(Tensor x) {
        Tensor raw = predictRaw(x);
        if (loss != null) {
            loss.probabilities(kernels, raw, raw);
        }
        return raw;
    }

    /**
     * Loss of the whole set {@code (x, t)} on the pure path (no dropout), {@link #predictRaw}'s chunks bounding the memory.
     *
     * @param x the inputs, {@code [n, inputs]}
     * @param t the targets, {@code [n, outputs]}
     * @return the loss, averaged over the rows
     */
    public double evaluateLoss(Tensor x, Tensor t) {
        Tensor raw = predictRaw(x);
        return loss.value(kernels, raw, t, raw.rows());
    }

    private void checkInput(Tensor x) {
        if (x.cols() != inputs) {
            throw new ShapeException("the network takes " + inputs + " input features, got a batch of shape " + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("the network is " + dtype + " but the input is " + x.dtype());
        }
    }

    /**
     * Copies every parameter value (for restoring the best epoch, or comparing runs).
     *
     * @return copies of every parameter value, layer by layer
     */
    public List<Tensor> copyWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.value().copy());
        }
        return out;
    }

    /**
     * Writes values saved by {@link #copyWeights()} back.
     *
     * @param weights values as {@link #copyWeights()} returns them
     */
    public void setWeights(List<Tensor> weights) {
        if (weights.size() != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " weight tensors, got " + weights.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            parameters.get(i).value().copyFrom(weights.get(i));
        }
    }

    /**
     * Copies every parameter value, then every buffer (batch normalization's running statistics):
     * all that a trained model predicts with, for restoring an earlier epoch or another model's
     * state. {@link #copyWeights()} copies the parameters alone.
     *
     * @return copies of the parameters' values in order, then of the buffers in {@link #buffers()}'s order
     */
    public List<Tensor> copyState() {
        List<Tensor> out = copyWeights();
        for (Tensor b : buffers().values()) {
            out.add(b.copy());
        }
        return out;
    }

    /**
     * Copies the current state into tensors that {@link #copyState()} made earlier (no
     * allocation: for a snapshot taken every epoch).
     *
     * @param into tensors as {@link #copyState()} returns them (written)
     */
    public void copyStateInto(List<Tensor> into) {
        List<Tensor> buffers = List.copyOf(buffers().values());
        if (into.size() != parameters.size() + buffers.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " weight and " + buffers.size()
                    + " buffer tensors, got " + into.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            into.get(i).copyFrom(parameters.get(i).value());
        }
        for (int i = 0; i < buffers.size(); i++) {
            into.get(parameters.size() + i).copyFrom(buffers.get(i));
        }
    }

    /**
     * Writes values saved by {@link #copyState()} back: parameters and buffers.
     *
     * @param state values as {@link #copyState()} returns them
     */
    public void setState(List<Tensor> state) {
        List<Tensor> buffers = List.copyOf(buffers().values());
        if (state.size() != parameters.size() + buffers.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " weight and " + buffers.size()
                    + " buffer tensors, got " + state.size());
        }
        setWeights(state.subList(0, parameters.size()));
        for (int i = 0; i < buffers.size(); i++) {
            buffers.get(i).copyFrom(state.get(parameters.size() + i));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(").append(input.isVector() ? "" + inputs : input.toString());
        for (Layer l : layers) {
            sb.append(" -> ").append(l);
        }
        return sb.append(", loss=").append(loss == null ? "none" : loss.name()).append(')').toString();
    }

    /**
     * Builds a {@link Sequential} layer by layer from {@link LayerConfig}s: each layer takes its
     * input shape from the layer before, and the whole chain is checked when built. Weights come
     * from the seeded random source, drawn layer by layer: He for a layer followed by a
     * ReLU-like activation, Glorot (Xavier) otherwise, with the layer's own fans (a
     * convolution's {@code fanIn} is {@code inChannels kH kW}), unless an initializer is given.
     */
    public static final class Builder {
        private final Shape input;
        private final List<Object> specs = new ArrayList<>();
        private DType dtype = DType.FLOAT32;
        private long seed = 0;
        private Initializer initializer;
        private Loss loss;
        private Kernels kernels;

        private Builder(Shape input) {
            this.input = input;
        }

        /**
         * The element type of the weights (float32 by default).
         *
         * @param dtype the element type of the tensors
         * @return this builder
         */
        public Builder dtype(DType dtype) {
            this.dtype = dtype;
            return this;
        }

        /**
         * The kernels the model computes with (by default {@link Kernels#active()} when built).
         *
         * @param kernels the kernels every layer computes with
         * @return this builder
         */
        public Builder kernels(Kernels kernels) {
            this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
            return this;
        }

        /**
         * Seed of the random source for all initial weights.
         *
         * @param seed seed of the random source (the same seed gives the same result)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The initializer for every layer with weights that does not name its own.
         *
         * @param init the initializer
         * @return this builder
         */
        public Builder initializer(Initializer init) {
            this.initializer = init;
            return this;
        }

        /**
         * A layer described by its config (any registered type).
         *
         * @param config the layer's settings
         * @return this builder
         */
        public Builder add(LayerConfig config) {
            specs.add(java.util.Objects.requireNonNull(config, "config"));
            return this;
        }

        /**
         * Any ready layer (built for the shape it will get).
         *
         * @param layer the layer
         * @return this builder
         */
        public Builder add(Layer layer) {
            specs.add(java.util.Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /**
         * A dense layer of {@code units} with bias.
         *
         * @param units the number of units
         * @return this builder
         */
        public Builder dense(int units) {
            return add(DenseConfig.of(units));
        }

        /**
         * A dense layer of {@code units}, with or without bias, with its own initializer (or null for the default).
         *
         * @param units the number of units
         * @param bias whether the layer adds a bias
         * @param init the initializer
         * @return this builder
         */
        public Builder dense(int units, boolean bias, Initializer init) {
            return add(new DenseConfig(units, bias, null, null, init));
        }

        /**
         * A dense layer with given weights {@code [in][units]} (input-major) and biases
         * ({@code null} for a layer without bias).
         *
         * @param weights the weights
         * @param biases the biases
         * @return this builder
         */
        public Builder dense(double[][] weights, double[] biases) {
            if (weights.length == 0) {
                throw new IllegalArgumentException("dense weights need at least one row");
            }
            return add(new DenseConfig(weights[0].length, biases != null, weights, biases, null));
        }

        /**
         * A dropout layer dropping {@code rate} of its inputs in training (inverted scaling, off
         * when predicting), on any shape. The k-th dropout layer of the network draws its masks
         * from seed {@code seed + 7919 k}, so the same builder seed repeats every mask.
         *
         * @param rate the fraction dropped, in {@code [0, 1)}
         * @return this builder
         */
        public Builder dropout(double rate) {
            return add(new DropoutConfig(rate));
        }

        /**
         * A convolution of {@code filters} square {@code kernel}s, stride 1, with {@code padding}
         * zeros on every side and a bias (see {@link Conv2D}).
         *
         * @param filters output channels
         * @param kernel  the kernel's rows and columns
         * @param padding zeros added on each side
         * @return this builder
         */
        public Builder conv2d(int filters, int kernel, int padding) {
            return add(Conv2D.Config.of(filters, kernel).padding(padding));
        }

        /**
         * A convolution with any settings: {@code Conv2D.Config.of(16, 3).stride(2).samePadding()}.
         *
         * @param config the convolution's settings
         * @return this builder
         */
        public Builder conv2d(Conv2D.Config config) {
            return add(config);
        }

        /**
         * Max pooling over {@code kernel x kernel} windows with stride {@code kernel}.
         *
         * @param kernel the window's rows and columns
         * @return this builder
         */
        public Builder maxPool2d(int kernel) {
            return add(MaxPool2D.Config.of(kernel));
        }

        /**
         * Average pooling over {@code kernel x kernel} windows with stride {@code kernel}.
         *
         * @param kernel the window's rows and columns
         * @return this builder
         */
        public Builder avgPool2d(int kernel) {
            return add(AvgPool2D.Config.of(kernel));
        }

        /**
         * The mean of each channel: {@code [C, H, W] -> [C]}.
         *
         * @return this builder
         */
        public Builder globalAvgPool2d() {
            return add(GlobalAvgPool2D.CONFIG);
        }

        /**
         * Each example as one row of its values: {@code [C, H, W] -> [C H W]}.
         *
         * @return this builder
         */
        public Builder flatten() {
            return add(Flatten.CONFIG);
        }

        /**
         * Batch normalization over features or channels, PyTorch's defaults (momentum 0.1, eps 1e-5).
         *
         * @return this builder
         */
        public Builder batchNorm() {
            return add(BatchNorm.Config.DEFAULT);
        }

        /**
         * A sigmoid activation.
         *
         * @return this builder
         */
        public Builder sigmoid() {
            return add(ActivationConfig.of("sigmoid"));
        }

        /**
         * A tanh activation.
         *
         * @return this builder
         */
        public Builder tanh() {
            return add(ActivationConfig.of("tanh"));
        }

        /**
         * A rectifier activation, {@code max(0, h)}.
         *
         * @return this builder
         */
        public Builder relu() {
            return add(ActivationConfig.of("relu"));
        }

        /**
         * A leaky rectifier: {@code h} for positive {@code h}, else {@code slope * h}.
         *
         * @param slope the slope for negative inputs
         * @return this builder
         */
        public Builder leakyRelu(double slope) {
            if (!(slope >= 0 && slope < 1)) {
                throw new IllegalArgumentException("leaky ReLU slope must be in [0, 1), got " + slope);
            }
            return add(new ActivationConfig("leaky_relu", slope));
        }

        /**
         * A softmax activation over each example.
         *
         * @return this builder
         */
        public Builder softmax() {
            return add(ActivationConfig.of("softmax"));
        }

        /**
         * An activation by name: {@code sigmoid}, {@code tanh}, {@code relu}, {@code leaky_relu}, {@code softmax}.
         *
         * @param name {@code sigmoid}, {@code tanh}, {@code relu}, {@code leaky_relu} or {@code softmax}
         * @return this builder
         */
        public Builder activation(String name) {
            try {
                return add(ActivationConfig.of(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown activation '" + name
                        + "'; expected one of sigmoid, tanh, relu, leaky_relu, softmax");
            }
        }

        /**
         * The loss the network is trained with.
         *
         * @param loss the loss
         * @return this builder
         */
        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Builds the network: checks every layer's input shape (a message names the layer, the
         * shapes and the fix) and draws the missing weights from the seeded source.
         *
         * @return the model
         */
        public Sequential build() {
            Random random = new Random(seed);
            List<Layer> layers = new ArrayList<>();
            Map<String, Integer> counts = new HashMap<>();
            Shape shape = input;
            for (int i = 0; i < specs.size(); i++) {
                Object spec = specs.get(i);
                if (spec instanceof LayerConfig c) {
                    String type = c.type().name();
                    int ordinal = counts.merge(type, 1, Integer::sum);
                    String label = type + "_" + ordinal + ", " + c.label(shape);
                    Shape out = fit(i, c instanceof ActivationConfig a ? a.name() : label, shape, c::outputShape);
                    Initializer init = initializer != null ? initializer : Initializer.forActivation(nextType(i));
                    Layer layer;
                    try {
                        layer = c.build(shape, new LayerContext(type + "_" + ordinal, ordinal, dtype, random, init, seed));
                    } catch (IllegalArgumentException e) {
                        throw new ShapeException("layer " + (i + 1) + " (" + label + "): " + e.getMessage());
                    }
                    layers.add(layer);
                    shape = out;
                } else {
                    Layer layer = (Layer) spec;
                    shape = fit(i, layer.type(), shape, layer::outputShape);
                    layers.add(layer);
                }
            }
            return new Sequential(input, layers, loss, dtype, kernels != null ? kernels : Kernels.active());
        }

        /** The type of the layer after spec {@code i} when it is an activation (it picks the default initializer). */
        private String nextType(int i) {
            if (i + 1 < specs.size()) {
                Object next = specs.get(i + 1);
                if (next instanceof ActivationConfig a) {
                    return a.name();
                }
                if (next instanceof Layer l) {
                    return l.type();
                }
            }
            return "linear";
        }
    }
}
