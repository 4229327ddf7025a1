package dev.chainrule.layer;

import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

/**
 * A trainable tensor and its gradient, of the same shape and dtype. The owning layer writes the
 * gradient in its backward pass (overwriting, not accumulating); an optimizer reads it and
 * updates {@link #value()} in place. The name (e.g. {@code "dense_1.weight"}) is used in
 * messages, gradient-check reports, optimizer state and model files.
 *
 * <p>A gradient may be left as a product: a layer whose gradient is a matrix product
 * {@code op(a) op(b)} ({@link Dense}'s {@code x^T g}) records the two factors with
 * {@link #deferGradient} instead of computing it. Reading {@link #gradient()} computes it then;
 * an optimizer whose step is plain SGD calls {@link #addScaledGradient} instead, which adds
 * {@code alpha * op(a) op(b)} to the value in one pass over the weights when the kernels can
 * (one pass instead of three, the same bits), and never stores the gradient. The factors are the
 * layer's buffers of the last forward and backward pass: a deferred gradient holds until the
 * next forward pass.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor gradient;
    private Kernels kernels;
    /** The factors of a deferred gradient {@code op(a) op(b)}, or null when the gradient is stored. */
    private Tensor productA;
    private Tensor productB;
    private boolean transposeA;
    private boolean transposeB;
    /** Why the gradient cannot be read (a step or a forward pass used up a deferred one), or null. */
    private String unavailable;

    /**
     * A parameter computing with the default kernels ({@link Kernels#active()}) until its layer is given others.
     *
     * @param name names the parameter in messages and files, e.g. {@code dense_1.weight}
     * @param value the value tensor (kept, not copied)
     */
    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.gradient = Tensor.zeros(value.dtype(), value.dims());
        this.kernels = Kernels.active();
    }

    /**
     * @return the parameter's name, e.g. {@code dense_1.weight}
     */
    public String name() {
        return name;
    }

    /**
     * The live value; optimizers write it in place.
     *
     * @return the live value; optimizers write it in place
     */
    public Tensor value() {
        return value;
    }

    /**
     * The kernels that compute with this parameter: those of the model it belongs to.
     *
     * @return the kernels that compute with this parameter: those of the model it belongs to
     */
    public Kernels kernels() {
        return kernels;
    }

    /**
     * Sets the kernels (called by the owning layer when its model is built).
     *
     * @param newKernels the kernels to use
     */
    public void useKernels(Kernels newKernels) {
        this.kernels = java.util.Objects.requireNonNull(newKernels, "kernels");
    }

    /**
     * The live gradient {@code dLoss/dValue} from the latest backward pass (or
     * {@link #setGradient}); a deferred gradient is computed now and stored.
     *
     * @return the live gradient {@code dLoss/dValue} from the latest backward pass (or {@link #setGradient}); a deferred gradient is computed now and stored
     * @throws IllegalStateException when a plain step used the deferred gradient without storing
     *                               it (read it before the step, or have the trainer keep
     *                               gradients: {@code TrainingRun.materializeGradients}), or a
     *                               forward pass replaced the buffers it referred to
     */
    public Tensor gradient() {
        if (productA != null) {
            kernels.gemm(productA, transposeA, productB, transposeB, gradient, false);
            productA = null;
            productB = null;
        } else if (unavailable != null) {
            throw new IllegalStateException("the gradient of " + name + " is not available: " + unavailable);
        }
        return gradient;
    }

    /**
     * Records the gradient as the product {@code op(a) op(b)} (shape of the value), computed only
     * when read. {@code a} and {@code b} are kept by reference: they must not change until the
     * gradient is read or the step is taken.
     *
     * @param a the left factor
     * @param transposeA whether to use the transpose of {@code a}
     * @param b the right factor
     * @param transposeB whether to use the transpose of {@code b}
     */
    public void deferGradient(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Kernels.checkGemm(a, transposeA, b, transposeB, value);
        this.productA = a;
        this.transposeA = transposeA;
        this.productB = b;
        this.transposeB = transposeB;
        this.unavailable = null;
    }

    /**
     * Called by the owning layer when a forward pass is about to overwrite what a deferred
     * gradient refers to: that gradient can no longer be read. A stored gradient stays.
     */
    public void dropDeferredGradient() {
        if (productA != null) {
            productA = null;
            productB = null;
            unavailable = "a forward pass ran after the backward pass that left it as a product; read it before";
        }
    }

    /**
     * True when the gradient is a recorded product not computed yet.
     *
     * @return true when the gradient is a recorded product not computed yet
     */
    public boolean gradientDeferred() {
        return productA != null;
    }

    /**
     * Overwrites the gradient with {@code source}'s values (converted to this dtype), dropping a deferred one.
     *
     * @param source names the input in messages
     */
    public void setGradient(Tensor source) {
        productA = null;
        productB = null;
        unavailable = null;
        gradient.copyFrom(source);
    }

    /**
     * The plain step {@code value += alpha * gradient} (SGD: {@code alpha = -lr}). A deferred
     * gradient goes through {@link Kernels#gemmStep}, in one pass and without being stored, when
     * the kernels can give the bits of computing it and then adding it; otherwise it is computed
     * and added with {@link Kernels#axpy}.
     *
     * @param alpha the factor of the gradient added to the value (e.g. {@code -lr})
     */
    public void addScaledGradient(double alpha) {
        if (productA != null && kernels.gemmStep(alpha, productA, transposeA, productB, transposeB, value)) {
            productA = null;
            productB = null;
            unavailable = "a plain SGD step added it to the weights in one pass without storing it; read it before"
                    + " the optimizer step, or have the trainer keep gradients";
            return;
        }
        kernels.axpy(alpha, gradient(), value);
    }

    /**
     * Number of scalar weights.
     *
     * @return number of scalar weights
     */
    public int size() {
        return value.size();
    }

    @Override
    public String toString() {
        return name + " " + value.shape();
    }
}
