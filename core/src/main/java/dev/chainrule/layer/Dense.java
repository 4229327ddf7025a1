package dev.chainrule.layer;

import dev.chainrule.init.Initializer;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.List;
import java.util.Random;

/**
 * Fully connected layer: {@code h = x W + b}.
 *
 * <p>Shapes: input {@code x} is {@code [batch, inFeatures]}; weight {@code W} is
 * {@code [inFeatures, outFeatures]} (input-major: row {@code i} holds the weights leaving input
 * {@code i}, as the seeds' {@code weights_input_hidden}); bias {@code b} is {@code [1,
 * outFeatures]}, broadcast over rows; output {@code h} is {@code [batch, outFeatures]}.
 *
 * <p>Backward, with {@code g = dLoss/dh}: {@code dW = x^T g}, {@code db = sum over rows of g},
 * {@code dx = g W^T}. The seeds' error term of this layer's units is {@code delta = -g}, and
 * the weight step an SGD optimizer applies is {@code -lr * dW = lr * x^T delta}. The weight
 * gradient is left as the product {@code x^T g} ({@link Parameter#deferGradient}): it is
 * computed when read, or a plain SGD step adds {@code -lr x^T g} to {@code W} in one pass
 * without storing it. {@code db} and {@code dx} are computed here, and so is {@code dW} of a
 * layer of at most 16 units (an output layer), first, while {@code x} is still in cache. The
 * bits are the same either way.
 */
public final class Dense implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    private Kernels kernels = Kernels.active();

    private Tensor input;
    private Tensor output;
    private Tensor gradInput;
    private final Buffers outputs = new Buffers();
    private final Buffers gradInputs = new Buffers();

    /**
     * A layer with zero weights (call {@link #initialize} or write {@link #weight()}).
     *
     * @param name used for the parameter names, e.g. {@code dense_1}
     * @param inFeatures the number of input features
     * @param outFeatures the number of output units
     * @param withBias whether to include the bias
     * @param dtype the element type of the tensors
     */
    public Dense(String name, int inFeatures, int outFeatures, boolean withBias, DType dtype) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("layer " + name + ": dense sizes must be positive, got "
                    + inFeatures + " inputs and " + outFeatures + " units");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = new Parameter(name + ".weight", Tensor.zeros(dtype, inFeatures, outFeatures));
        this.bias = withBias ? new Parameter(name + ".bias", Tensor.zeros(dtype, 1, outFeatures)) : null;
    }

    /**
     * Draws the weights from {@code init}, then the bias ({@link Initializer#fillBias}: zeros
     * unless the initializer draws it).
     *
     * @param init the initializer
     * @param random the seeded random source
     */
    public void initialize(Initializer init, Random random) {
        init.fill(weight.value(), inFeatures, outFeatures, random);
        if (bias != null) {
            init.fillBias(bias.value(), inFeatures, random);
        }
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public void useKernels(Kernels newKernels) {
        this.kernels = java.util.Objects.requireNonNull(newKernels, "kernels");
        weight.useKernels(newKernels);
        if (bias != null) {
            bias.useKernels(newKernels);
        }
    }

    /**
     * @return the number of inputs (rows of the weight matrix)
     */
    public int inFeatures() {
        return inFeatures;
    }

    /**
     * @return the number of units (columns of the weight matrix)
     */
    public int outFeatures() {
        return outFeatures;
    }

    /**
     * @return whether the layer adds a bias
     */
    public boolean hasBias() {
        return bias != null;
    }

    /**
     * The weight parameter, {@code [inFeatures, outFeatures]}.
     *
     * @return the weight parameter, {@code [inFeatures, outFeatures]}
     */
    public Parameter weight() {
        return weight;
    }

    /**
     * The bias parameter, {@code [1, outFeatures]}, or {@code null} when the layer has none.
     *
     * @return the bias parameter, {@code [1, outFeatures]}, or {@code null} when the layer has none
     */
    public Parameter bias() {
        return bias;
    }

    @Override
    public int outputSize(int in) {
        if (in != inFeatures) {
            throw new ShapeException(weight.name().replace(".weight", "") + ": expects " + inFeatures
                    + " input features, got " + in);
        }
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        outputSize(x.cols());
        weight.dropDeferredGradient();
        output = outputs.get(x.dtype(), x.rows(), outFeatures);
        infer(x, output);
        input = x;
        return output;
    }

    @Override
    public void infer(Tensor x, Tensor out) {
        outputSize(x.cols());
        kernels.gemm(x, false, weight.value(), false, out, false);
        if (bias != null) {
            kernels.addRowVector(out, bias.value());
        }
    }

    /**
     * Up to this many units the weight gradient {@code x^T g} is computed in {@link #backward},
     * before {@code dx}, not left as a product for the step ({@code -Dchainrule.dense.eagerUnits=N},
     * 0: always left). Such a weight has at most 16 columns, so storing its gradient and adding it
     * in a second pass costs little, while the step's product reads all of {@code x} (a batch of
     * the layer below's outputs), which by the time of the step has left the cache.
     */
    static final int EAGER_UNITS = Integer.getInteger("chainrule.dense.eagerUnits", 16);

    @Override
    public Tensor backward(Tensor g, boolean needInputGradient) {
        if (input == null) {
            throw new IllegalStateException(weight.name() + ": backward called before forward");
        }
        if (g.rows() != output.rows() || g.cols() != output.cols()) {
            // the message is built only on failure: the steady state of training allocates nothing
            Tensor.requireSameShape(weight.name().replace(".weight", "") + " backward", g, output);
        }
        if (bias != null) {
            kernels.sumRows(g, bias.gradient(), false);
        }
        boolean narrow = outFeatures <= EAGER_UNITS;
        if (narrow) {
            // before dx: x is still in cache here, and is not by the time of the step
            weight.deferGradient(input, true, g, false);
            weight.gradient();
        }
        Tensor dx = null;
        if (needInputGradient) {
            gradInput = gradInputs.get(g.dtype(), g.rows(), inFeatures);
            kernels.gemm(g, false, weight.value(), true, gradInput, false);
            dx = gradInput;
        }
        if (!narrow) {
            weight.deferGradient(input, true, g, false); // x^T g, computed when read or fused into the step
        }
        return dx;
    }

    @Override
    public LayerConfig config() {
        return config(false);
    }

    /**
     * This layer's config, with its current weights and biases as the initial ones when
     * {@code withWeights} (a network file that rebuilds exactly this layer).
     *
     * @param withWeights whether to include the current weights and biases
     * @return the config
     */
    public DenseConfig config(boolean withWeights) {
        return new DenseConfig(outFeatures, bias != null, withWeights ? weight.value().toArray() : null,
                withWeights && bias != null ? bias.value().rowAsDoubles(0) : null, null);
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public Tensor lastOutput() {
        return output;
    }

    @Override
    public String toString() {
        return "Dense(" + inFeatures + " -> " + outFeatures + (bias == null ? ", no bias" : "") + ")";
    }
}
