package dev.chainrule.layer;

import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

/**
 * A parameter-free layer {@code y = f(h)} that keeps the width. Subclasses give the forward
 * rule {@link #apply} and, right under it, the backward rule {@link #derive}; this class keeps
 * the cached input and output and the reused buffers.
 */
public abstract class Activation implements Layer {
    private Kernels kernels = Kernels.active();
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;
    private final Buffers outputs = new Buffers();
    private final Buffers gradInputs = new Buffers();

    /**
     * Writes {@code out = f(in)}; {@code out} has {@code in}'s shape and may not alias it.
     *
     * @param in the input {@code h}
     * @param out written: {@code f(h)}
     */
    protected abstract void apply(Tensor in, Tensor out);

    /**
     * Writes {@code gradIn = dLoss/dIn} from {@code gradOut = dLoss/dOut}, given the forward
     * input and output. Must not modify {@code gradOut}.
     *
     * @param in the forward input {@code h}
     * @param out the forward output {@code f(h)}
     * @param gradOut the gradient for the output
     * @param gradIn the gradient for the input
     */
    protected abstract void derive(Tensor in, Tensor out, Tensor gradOut, Tensor gradIn);

    @Override
    public void useKernels(Kernels newKernels) {
        this.kernels = java.util.Objects.requireNonNull(newKernels, "kernels");
    }

    /**
     * The kernels {@link #apply} and {@link #derive} compute with.
     *
     * @return the kernels {@link #apply} and {@link #derive} compute with
     */
    protected final Kernels kernels() {
        return kernels;
    }

    @Override
    public int outputSize(int inFeatures) {
        return inFeatures;
    }

    /** An activation keeps any shape. */
    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public LayerConfig config() {
        return new ActivationConfig(type(), this instanceof LeakyReLU l ? l.slope() : ActivationConfig.DEFAULT_SLOPE);
    }

    @Override
    public final Tensor forward(Tensor x, boolean training) {
        output = outputs.like(x);
        apply(x, output);
        input = x;
        return output;
    }

    @Override
    public final void infer(Tensor x, Tensor out) {
        if (x.rows() != out.rows() || x.cols() != out.cols()) {
            Tensor.requireSameShape(type() + " output", x, out);
        }
        apply(x, out);
    }

    @Override
    public final Tensor backward(Tensor gradOut, boolean needInputGradient) {
        if (output == null) {
            throw new IllegalStateException(type() + ": backward called before forward");
        }
        if (!needInputGradient) {
            return null;
        }
        if (gradOut.rows() != output.rows() || gradOut.cols() != output.cols()) {
            Tensor.requireSameShape(type() + " backward", gradOut, output);
        }
        gradInput = gradInputs.like(gradOut);
        derive(input, output, gradOut, gradInput);
        return gradInput;
    }

    @Override
    public Tensor lastOutput() {
        return output;
    }

    @Override
    public String toString() {
        return type();
    }
}
