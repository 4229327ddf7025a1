package dev.chainrule.layer;

import dev.chainrule.tensor.Tensor;

/**
 * A trainable tensor and its gradient, of the same shape and dtype. The owning layer writes
 * {@link #gradient()} in its backward pass (overwriting, not accumulating); an optimizer reads it
 * and updates {@link #value()} in place. The name (e.g. {@code "dense_1.weight"}) is used in
 * messages, gradient-check reports and model files.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor gradient;
    private double backwardStepRate = Double.NaN;
    private boolean steppedInBackward;

    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.gradient = Tensor.zeros(value.dtype(), value.rows(), value.cols());
    }

    public String name() {
        return name;
    }

    /** The live value; optimizers write it in place. */
    public Tensor value() {
        return value;
    }

    /** The live gradient {@code dLoss/dValue} from the latest backward pass. */
    public Tensor gradient() {
        return gradient;
    }

    /**
     * Asks the owning layer to take the plain step {@code w <- w - rate * dL/dw} during the next
     * backward pass, in the product that would compute the gradient (one pass over the weights
     * instead of three: see {@link dev.chainrule.tensor.Kernels#gemmStep}), when it can do so
     * with the same bits; {@code NaN} asks for the gradient as usual. Set by the trainer before a
     * backward pass and cleared after it, for optimizers whose step is that plain rule
     * ({@link dev.chainrule.optim.Optimizer#plainStepRate}). Training state, not configuration.
     */
    public void stepInBackward(double rate) {
        this.backwardStepRate = rate;
    }

    /** The rate set by {@link #stepInBackward}, or {@code NaN}. */
    public double backwardStepRate() {
        return backwardStepRate;
    }

    /** Called by the layer when it took the step: {@link #gradient()} was not written this time. */
    public void markSteppedInBackward() {
        steppedInBackward = true;
    }

    /** Whether the layer took this step in its backward pass; clears the mark (the optimizer then skips it). */
    public boolean consumeSteppedInBackward() {
        boolean stepped = steppedInBackward;
        steppedInBackward = false;
        return stepped;
    }

    /** Number of scalar weights. */
    public int size() {
        return value.size();
    }

    @Override
    public String toString() {
        return name + " " + value.shape();
    }
}
