package dev.chainrule.model;

import dev.chainrule.init.Initializer;
import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LeakyReLU;
import dev.chainrule.layer.Parameter;
import dev.chainrule.layer.ReLU;
import dev.chainrule.layer.Sigmoid;
import dev.chainrule.layer.Softmax;
import dev.chainrule.layer.Tanh;
import dev.chainrule.loss.Loss;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A network: an ordered list of layers from {@code inputs} features to {@link #outputs()}
 * values, the loss it is trained with, and the {@link Kernels} it computes with. The
 * architecture (sizes, and that the last layer fits the loss) is checked once, when the model is
 * built, with a message naming the layer.
 *
 * <pre>{@code
 * Sequential net = Sequential.builder(784).seed(1)
 *     .dense(50).relu()
 *     .dense(10)
 *     .loss(new SoftmaxCrossEntropy())
 *     .build();
 * }</pre>
 *
 * <p>{@link #forward} and {@link #backward} are the training path (stateful, buffers reused);
 * {@link #predict} is the pure path, safe from many threads while no training step runs.
 *
 * <p>Kernels: a model is built with the default kernels ({@link Kernels#active()}) unless given
 * others ({@link Builder#kernels}); it hands them to its layers and their parameters, so every
 * computation of the model, its loss and its optimizer's steps runs on them.
 */
public final class Sequential {
    private final int inputs;
    private final List<Layer> layers;
    private final Loss loss;
    private final DType dtype;
    private final Kernels kernels;
    private final List<Parameter> parameters;
    /** Output width of each layer. */
    private final int[] widths;
    private final Predictor predictor;
    /** Rows evaluated at a time by {@link #predictRaw}; bounds the intermediate memory of a large batch. */
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
        if (inputs <= 0) {
            throw new IllegalArgumentException("a network needs at least one input feature, got " + inputs);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.inputs = inputs;
        this.layers = List.copyOf(layers);
        this.loss = loss;
        this.dtype = dtype;
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        this.widths = new int[this.layers.size()];
        List<Parameter> ps = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i < widths.length; i++) {
            Layer layer = this.layers.get(i);
            try {
                width = layer.outputSize(width);
            } catch (IllegalArgumentException e) {
                throw new ShapeException("layer " + (i + 1) + " (" + layer.type() + ") does not fit: " + e.getMessage());
            }
            widths[i] = width;
            for (Parameter p : layer.parameters()) {
                if (p.value().dtype() != dtype) {
                    throw new IllegalArgumentException("parameter " + p.name() + " is " + p.value().dtype()
                            + " but the network is " + dtype);
                }
                ps.add(p);
            }
        }
        if (loss != null) {
            loss.checkOutputLayer(this.layers, width);
        }
        for (Layer layer : this.layers) {
            layer.useKernels(kernels);
        }
        this.parameters = Collections.unmodifiableList(ps);
        this.predictor = new Predictor(this);
    }

    /**
     * A builder of a network with {@code inputs} input features.
     *
     * @param inputs the number of input features
     * @return a new builder
     */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /**
     * @return the number of input features
     */
    public int inputs() {
        return inputs;
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
     * runs). A batch of more than {@value #CHUNK_ROWS} rows is evaluated {@value #CHUNK_ROWS}
     * rows at a time, so a whole data set never needs full-size intermediate arrays; the rows
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(").append(inputs);
        for (Layer l : layers) {
            sb.append(" -> ").append(l);
        }
        return sb.append(", loss=").append(loss == null ? "none" : loss.name()).append(')').toString();
    }

    /**
     * Builds a {@link Sequential} layer by layer; each {@code dense} takes its input width from
     * the layer before. Weights come from the seeded random source: He for a dense layer
     * followed by ReLU, Xavier otherwise, unless an initializer is given.
     */
    public static final class Builder {
        private final int inputs;
        private final List<Object> specs = new ArrayList<>();
        private DType dtype = DType.FLOAT32;
        private long seed = 0;
        private Initializer initializer;
        private Loss loss;
        private Kernels kernels;

        private record DenseSpec(int units, boolean bias, Initializer init, double[][] weights, double[] biases) {
        }

        private record DropoutSpec(double rate) {
        }

        private Builder(int inputs) {
            this.inputs = inputs;
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
         * @return the kernels the model computes with (by default {@link Kernels#active()} when built)
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
         * The initializer for every dense layer that does not name its own.
         *
         * @param init the initializer
         * @return this builder
         */
        public Builder initializer(Initializer init) {
            this.initializer = init;
            return this;
        }

        /**
         * A dense layer of {@code units} with bias.
         *
         * @param units the number of units
         * @return this builder
         */
        public Builder dense(int units) {
            return dense(units, true, null);
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
            specs.add(new DenseSpec(units, bias, init, null, null));
            return this;
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
            specs.add(new DenseSpec(weights[0].length, biases != null, null, weights, biases));
            return this;
        }

        /**
         * A {@link Dropout} layer dropping {@code rate} of its inputs in training (inverted
         * scaling, off when predicting). The k-th dropout layer of the network draws its masks
         * from seed {@code seed + 7919 k}, so the same builder seed repeats every mask.
         *
         * @param rate the fraction dropped, in {@code [0, 1)}
         * @return this builder
         */
        public Builder dropout(double rate) {
            specs.add(new DropoutSpec(rate));
            return this;
        }

        /**
         * A sigmoid activation.
         *
         * @return this builder
         */
        public Builder sigmoid() {
            return add(new Sigmoid());
        }

        /**
         * A tanh activation.
         *
         * @return this builder
         */
        public Builder tanh() {
            return add(new Tanh());
        }

        /**
         * A rectifier activation, {@code max(0, h)}.
         *
         * @return this builder
         */
        public Builder relu() {
            return add(new ReLU());
        }

        /**
         * A leaky rectifier: {@code h} for positive {@code h}, else {@code slope * h}.
         *
         * @param slope the slope for negative inputs
         * @return this builder
         */
        public Builder leakyRelu(double slope) {
            return add(new LeakyReLU(slope));
        }

        /**
         * A softmax activation over each row.
         *
         * @return this builder
         */
        public Builder softmax() {
            return add(new Softmax());
        }

        /**
         * An activation by name: {@code sigmoid}, {@code tanh}, {@code relu}, {@code leaky_relu}, {@code softmax}.
         *
         * @param name {@code sigmoid}, {@code tanh}, {@code relu}, {@code leaky_relu} or {@code softmax}
         * @return this builder
         */
        public Builder activation(String name) {
            switch (name) {
                case "sigmoid":
                    return sigmoid();
                case "tanh":
                    return tanh();
                case "relu":
                    return relu();
                case "leaky_relu":
                case "leaky-relu":
                    return leakyRelu(0.01);
                case "softmax":
                    return softmax();
                default:
                    throw new IllegalArgumentException("unknown activation '" + name
                            + "'; expected one of sigmoid, tanh, relu, leaky_relu, softmax");
            }
        }

        /**
         * Any layer (it must already have its sizes).
         *
         * @param layer the layer
         * @return this builder
         */
        public Builder add(Layer layer) {
            specs.add(layer);
            return this;
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
         * Builds the network, drawing the missing weights from the seeded source.
         *
         * @return the model
         */
        public Sequential build() {
            Random random = new Random(seed);
            List<Layer> layers = new ArrayList<>();
            int width = inputs;
            int denseCount = 0;
            int dropoutCount = 0;
            for (int i = 0; i < specs.size(); i++) {
                Object spec = specs.get(i);
                if (spec instanceof DenseSpec d) {
                    denseCount++;
                    Dense dense = new Dense("dense_" + denseCount, width, d.units(), d.bias(), dtype);
                    if (d.weights() != null) {
                        setWeights(dense, d, width, denseCount);
                    } else {
                        Initializer init = d.init() != null ? d.init()
                                : initializer != null ? initializer
                                : Initializer.forActivation(nextType(i));
                        dense.initialize(init, random);
                    }
                    layers.add(dense);
                    width = d.units();
                } else if (spec instanceof DropoutSpec d) {
                    dropoutCount++;
                    layers.add(new Dropout(d.rate(), seed + 7919L * dropoutCount));
                } else {
                    Layer layer = (Layer) spec;
                    try {
                        width = layer.outputSize(width);
                    } catch (IllegalArgumentException e) {
                        throw new ShapeException("layer " + (i + 1) + " (" + layer.type() + ") does not fit: " + e.getMessage());
                    }
                    layers.add(layer);
                }
            }
            return new Sequential(inputs, layers, loss, dtype, kernels != null ? kernels : Kernels.active());
        }

        private String nextType(int i) {
            if (i + 1 < specs.size() && specs.get(i + 1) instanceof Layer l) {
                return l.type();
            }
            return "linear";
        }

        private static void setWeights(Dense dense, DenseSpec d, int width, int index) {
            if (d.weights().length != width) {
                throw new ShapeException("dense_" + index + ": weights have " + d.weights().length
                        + " rows but the layer has " + width + " inputs (weights are input-major: one row per input)");
            }
            for (int r = 0; r < width; r++) {
                if (d.weights()[r].length != d.units()) {
                    throw new ShapeException("dense_" + index + ": weight row " + r + " has " + d.weights()[r].length
                            + " values, row 0 has " + d.units());
                }
                for (int c = 0; c < d.units(); c++) {
                    dense.weight().value().set(r, c, d.weights()[r][c]);
                }
            }
            if (d.biases() != null) {
                if (d.biases().length != d.units()) {
                    throw new ShapeException("dense_" + index + ": " + d.biases().length + " biases for " + d.units() + " units");
                }
                for (int c = 0; c < d.units(); c++) {
                    dense.bias().value().set(0, c, d.biases()[c]);
                }
            }
        }
    }
}
