package dev.chainrule.layer;

import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

/**
 * Inverted dropout: in training, each input element is kept with probability {@code 1 - rate}
 * and scaled by {@code 1 / (1 - rate)}, or set to zero; at evaluation ({@code training = false},
 * {@link #infer}) the layer is the identity, so predictions need no rescaling and repeat
 * exactly.
 *
 * <p>Forward: {@code y = x * mask}, with {@code mask = 1/(1-rate)} or 0 per element. Backward:
 * {@code dx = dy * mask}, the same mask. The masks come from this layer's own stream of uniform
 * draws (those of {@code new SplittableRandom(seed)}), one per element in row-major order, a new
 * mask per training forward pass ({@link dev.chainrule.tensor.ActivationKernels#dropoutMask}):
 * the same seed and the same sequence of batches give the same masks, bit for bit. A mask is a
 * function of the seed and its position in the stream ({@link #maskPosition()}, the draws taken
 * so far), so a resumed run sets the position ({@link #seekMask}) and draws the masks of the
 * uninterrupted run. {@link #freezeMask} keeps one mask across forward passes, for gradient
 * checks.
 */
public final class Dropout implements Layer {
    private final double rate;
    private final long seed;
    private long position;
    private Kernels kernels = Kernels.active();
    private boolean frozen;

    private Tensor mask;
    private Tensor output;
    private Tensor gradInput;
    private boolean lastWasTraining;

    /**
     * @param rate probability of dropping an element, in {@code [0, 1)}
     * @param seed seed of the masks
     */
    public Dropout(double rate, long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.seed = seed;
    }

    @Override
    public void useKernels(Kernels newKernels) {
        this.kernels = java.util.Objects.requireNonNull(newKernels, "kernels");
    }

    /**
     * Draws taken from this layer's stream so far: the next mask starts at this position.
     *
     * @return how many mask values have been drawn so far
     */
    public long maskPosition() {
        return position;
    }

    /**
     * Sets the position of the next mask in this layer's stream (a resumed run: the saved {@link #maskPosition()}).
     *
     * @param newPosition the number of mask values drawn before, as {@link #maskPosition()} returned it
     */
    public void seekMask(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("a mask position counts draws, so it is at least 0, got " + newPosition);
        }
        this.position = newPosition;
    }

    /**
     * @return the fraction of inputs dropped in training
     */
    public double rate() {
        return rate;
    }

    /**
     * @return the seed of the masks
     */
    public long seed() {
        return seed;
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public int outputSize(int inFeatures) {
        return inFeatures;
    }

    /** Dropout keeps any shape. */
    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public LayerConfig config() {
        return new DropoutConfig(rate);
    }

    /**
     * When {@code frozen}, training forward passes reuse the current mask (drawing one only if
     * there is none, or the batch shape changed) instead of a fresh one: a fixed function for
     * gradient checks. Returns this layer.
     *
     * @param frozen whether the parameter is frozen
     * @return this layer
     */
    public Dropout freezeMask(boolean frozen) {
        this.frozen = frozen;
        return this;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        output = Buffers.reuseLike(output, x);
        lastWasTraining = training && rate > 0;
        if (!lastWasTraining) {
            output.copyFrom(x);
            return output;
        }
        boolean sameShape = mask != null && mask.rows() == x.rows() && mask.cols() == x.cols() && mask.dtype() == x.dtype();
        if (!frozen || !sameShape) {
            mask = Buffers.reuseLike(mask, x);
            kernels.dropoutMask(mask, rate, seed, position);
            position += mask.size();
        }
        kernels.multiply(x, mask, output);
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        if (output == null) {
            throw new IllegalStateException("dropout: backward called before forward");
        }
        if (!needInputGradient) {
            return null;
        }
        Tensor.requireSameShape("dropout backward", gradOutput, output);
        gradInput = Buffers.reuseLike(gradInput, gradOutput);
        if (lastWasTraining) {
            kernels.multiply(gradOutput, mask, gradInput);
        } else {
            gradInput.copyFrom(gradOutput);
        }
        return gradInput;
    }

    /** The identity: dropout is off at evaluation. */
    @Override
    public void infer(Tensor x, Tensor out) {
        Tensor.requireSameShape("dropout output", x, out);
        out.copyFrom(x);
    }

    @Override
    public Tensor lastOutput() {
        return output;
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }
}
