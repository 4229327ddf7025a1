package dev.chainrule.layer;

import dev.chainrule.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * Inverted dropout: in training, each input element is kept with probability {@code 1 - rate}
 * and scaled by {@code 1 / (1 - rate)}, or set to zero; at evaluation ({@code training = false},
 * {@link #infer}) the layer is the identity, so predictions need no rescaling and repeat
 * exactly.
 *
 * <p>Forward: {@code y = x * mask}, with {@code mask = 1/(1-rate)} or 0 per element. Backward:
 * {@code dx = dy * mask}, the same mask. The mask comes from this layer's own
 * {@link SplittableRandom} with the given seed, drawn once per training forward pass in
 * row-major order, so the same seed and the same sequence of batches give the same masks,
 * bit for bit. {@link #freezeMask} keeps one mask across forward passes, for gradient checks.
 */
public final class Dropout implements Layer {
    private final double rate;
    private final long seed;
    private final SplittableRandom random;
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
        this.random = new SplittableRandom(seed);
    }

    public double rate() {
        return rate;
    }

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

    /**
     * When {@code frozen}, training forward passes reuse the current mask (drawing one only if
     * there is none, or the batch shape changed) instead of a fresh one: a fixed function for
     * gradient checks. Returns this layer.
     */
    public Dropout freezeMask(boolean frozen) {
        this.frozen = frozen;
        return this;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        output = Buffers.reuse(output, x.dtype(), x.rows(), x.cols());
        lastWasTraining = training && rate > 0;
        if (!lastWasTraining) {
            output.copyFrom(x);
            return output;
        }
        boolean sameShape = mask != null && mask.rows() == x.rows() && mask.cols() == x.cols() && mask.dtype() == x.dtype();
        if (!frozen || !sameShape) {
            mask = Buffers.reuse(mask, x.dtype(), x.rows(), x.cols());
            drawMask();
        }
        multiply(x, mask, output);
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
        gradInput = Buffers.reuse(gradInput, gradOutput.dtype(), gradOutput.rows(), gradOutput.cols());
        if (lastWasTraining) {
            multiply(gradOutput, mask, gradInput);
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

    private void drawMask() {
        double scale = 1.0 / (1.0 - rate);
        if (mask.isFloat32()) {
            float[] m = mask.floats();
            float kept = (float) scale;
            for (int i = 0; i < m.length; i++) {
                m[i] = random.nextDouble() < rate ? 0f : kept;
            }
        } else {
            double[] m = mask.doubles();
            for (int i = 0; i < m.length; i++) {
                m[i] = random.nextDouble() < rate ? 0.0 : scale;
            }
        }
    }

    private static void multiply(Tensor a, Tensor b, Tensor out) {
        if (out.isFloat32()) {
            float[] x = a.floats();
            float[] y = b.floats();
            float[] o = out.floats();
            for (int i = 0; i < o.length; i++) {
                o[i] = x[i] * y[i];
            }
        } else {
            double[] x = a.doubles();
            double[] y = b.doubles();
            double[] o = out.doubles();
            for (int i = 0; i < o.length; i++) {
                o[i] = x[i] * y[i];
            }
        }
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
