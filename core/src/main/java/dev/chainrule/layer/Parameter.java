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

    /** Number of scalar weights. */
    public int size() {
        return value.size();
    }

    @Override
    public String toString() {
        return name + " " + value.shape();
    }
}
