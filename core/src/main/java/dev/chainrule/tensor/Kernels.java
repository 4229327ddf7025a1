package dev.chainrule.tensor;

/**
 * The numerical seam: every computation on tensor storage in the layers, losses and optimizers
 * goes through a {@code Kernels} instance (the matrix products, bias broadcast and row
 * reductions here; the element-wise maps in {@link ActivationKernels}, the losses in
 * {@link LossKernels}, the update rules in {@link UpdateKernels}, row gathering in
 * {@link RowKernels}, all with plain-loop defaults). The instance is a property of the model
 * ({@code Sequential.kernels()}), handed to its layers and parameters when it is built, so a
 * faster implementation (vectorized, multi-threaded, native or GPU) is chosen per model without
 * touching any layer. {@link #active()} is the default for new models.
 *
 * <p>All methods write only into their output argument, check shapes up front, and throw a
 * {@link ShapeException} that names both shapes. Operands and output share one dtype.
 * Implementations must be deterministic: the same inputs give the same bits on every call
 * (for a given thread count).
 */
public interface Kernels extends LossKernels, UpdateKernels, RowKernels {

    /**
     * General matrix product {@code c = op(a) * op(b)}, or {@code c += op(a) * op(b)} when
     * {@code accumulate}, where {@code op(x)} is {@code x} or its transpose.
     *
     * <p>Shapes: {@code op(a)} is {@code [m, k]}, {@code op(b)} is {@code [k, n]}, {@code c} is
     * {@code [m, n]}. {@code c} must not share storage with {@code a} or {@code b}.
     *
     * @param a the left matrix
     * @param transposeA whether to use the transpose of {@code a}
     * @param b the right matrix
     * @param transposeB whether to use the transpose of {@code b}
     * @param c written: the result matrix
     * @param accumulate add to {@code c} instead of overwriting it
     */
    void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, boolean accumulate);

    /**
     * A weight step fused into its gradient's product: {@code c += alpha * op(a) op(b)} in one
     * pass, with exactly the bits of {@code gemm(a, ta, b, tb, g, false)} followed by
     * {@code axpy(alpha, g, c)}, and no {@code g}. Returns false, writing nothing, when these
     * kernels cannot promise those bits for these shapes (the caller then takes the two steps);
     * the default always does.
     *
     * @param alpha the factor
     * @param a the left matrix
     * @param transposeA whether to use the transpose of {@code a}
     * @param b the right matrix
     * @param transposeB whether to use the transpose of {@code b}
     * @param c written: the result matrix
     * @return a weight step fused into its gradient's product: {@code c += alpha * op(a) op(b)} in one pass, with
     *         exactly the bits of {@code gemm(a, ta, b, tb, g, false)} followed by {@code axpy(alpha, g, c)}, and no
     *         {@code g}
     */
    default boolean gemmStep(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        return false;
    }

    /**
     * {@code c = a b^T}, each element the dot product of a row of {@code a} ({@code [m, k]}) and
     * a row of {@code b} ({@code [n, k]}); {@code c} is {@code [m, n]}. The same as
     * {@code gemm(a, false, b, true, c, false)}, which the default calls; an implementation may
     * run a kernel made for a small {@code c} and long rows (a convolution's weight gradient),
     * with its own summation order.
     *
     * @param a the left matrix
     * @param b the right matrix
     * @param c written: the result matrix
     */
    default void rowDots(Tensor a, Tensor b, Tensor c) {
        gemm(a, false, b, true, c, false);
    }

    /**
     * {@code m[r, j] += bias[0, j]} for every row {@code r}; {@code bias} is {@code [1, m.cols]}.
     *
     * @param m the gradient average (written)
     * @param bias whether the layer adds a bias
     */
    void addRowVector(Tensor m, Tensor bias);

    /**
     * Column sums over the rows: {@code out[0, j] = sum_r m[r, j]} (or {@code +=} when
     * {@code accumulate}); {@code out} is {@code [1, m.cols]}. This is the bias gradient.
     *
     * @param m the gradient average (written)
     * @param out written: the result
     * @param accumulate add to {@code c} instead of overwriting it
     */
    void sumRows(Tensor m, Tensor out, boolean accumulate);

    /**
     * {@code y += alpha * x}, element-wise; same shapes.
     *
     * @param alpha the factor
     * @param x the tensor added, scaled
     * @param y written: the tensor added to
     */
    void axpy(double alpha, Tensor x, Tensor y);

    /**
     * How many threads work done for these kernels may use: layers that split their own work
     * (a convolution's groups of examples, pooling's examples) split it over a {@link TaskPool}
     * of this many threads, so a model's kernels decide its threads (for example one per Spark
     * task). The default is the {@linkplain TaskPool#shared() process-wide pool}'s count. Any
     * count gives the same bits.
     *
     * @return the threads, at least 1
     */
    default int threads() {
        return TaskPool.shared().threads();
    }

    /**
     * Leaky rectifier {@code out = in > 0 ? in : slope * in}, element-wise, {@code 0 <= slope < 1}
     * (float32: {@code slope} rounded to float first); same shapes, {@code out} may not alias {@code in}. Every
     * implementation gives the same bits (a select, no arithmetic beyond the one product).
     *
     * @param in the input
     * @param out written: the result
     * @param slope the slope for negative inputs
     */
    default void leakyRelu(Tensor in, Tensor out, double slope) {
        int n = in.size();
        if (in.isFloat32()) {
            JavaKernels.leakyRelu(in.floats(), out.floats(), 0, n, (float) slope);
        } else {
            double[] x = in.doubles();
            double[] y = out.doubles();
            for (int i = 0; i < n; i++) {
                y[i] = x[i] > 0 ? x[i] : slope * x[i];
            }
        }
    }

    /**
     * Leaky rectifier backward: {@code gradIn = in > 0 ? gradOut : slope * gradOut}, element-wise
     * (the same bits in every implementation).
     *
     * @param in the input
     * @param gradOut the gradient for the output
     * @param gradIn the gradient for the input
     * @param slope the slope for negative inputs
     */
    default void leakyReluBackward(Tensor in, Tensor gradOut, Tensor gradIn, double slope) {
        int n = in.size();
        if (in.isFloat32()) {
            float s = (float) slope;
            float[] x = in.floats();
            float[] g = gradOut.floats();
            float[] dx = gradIn.floats();
            for (int i = 0; i < n; i++) {
                dx[i] = x[i] > 0f ? g[i] : s * g[i];
            }
        } else {
            double[] x = in.doubles();
            double[] g = gradOut.doubles();
            double[] dx = gradIn.doubles();
            for (int i = 0; i < n; i++) {
                dx[i] = x[i] > 0 ? g[i] : slope * g[i];
            }
        }
    }

    /**
     * The default kernels, which a model built without naming its own uses: the Vector API
     * kernels when the {@code jdk.incubator.vector} module is present (unless
     * {@code -Dchainrule.kernels=java}), else the plain loops; {@link #use} replaces them.
     *
     * @return the default kernels, which a model built without naming its own uses: the Vector API kernels when the
     *         {@code jdk.incubator.vector} module is present (unless {@code -Dchainrule.kernels=java}), else the plain
     *         loops; {@link #use} replaces them
     */
    static Kernels active() {
        return KernelRegistry.active;
    }

    /**
     * Waits, at most a few seconds, until the background warm-up of the vector kernels' products
     * (started with them, see {@link #active()}) is over; returns at once when none is running.
     * For work that should not run the products cold, such as a warm-up of its own. The
     * rectifier's vector loop may still be warming up then (until it is, the kernels run the
     * scalar loop): waiting for it too kept the CLI's training warm-up from running before MLP-S's
     * first epoch, which then took longer.
     */
    static void awaitWarmUp() {
        active();
        KernelWarmUp.awaitProducts();
    }

    /**
     * The plain-loop kernels (single-threaded; run on any JVM).
     *
     * @return the plain-loop kernels (single-threaded; run on any JVM)
     */
    static Kernels plain() {
        return new JavaKernels();
    }

    /**
     * Vector API kernels splitting large products over {@code threads} threads of their own
     * pool, or null when {@code jdk.incubator.vector} is not in the boot layer.
     *
     * <p>Products of 2^24 multiply-adds and more are always split; those from 2^20 up (MLP-S's
     * 128x784x50) are split where it measures faster in this process: the kernels time blocks of
     * them split and alone in turn once the JIT has gone quiet, and keep the faster way for the
     * next few hundred; that is the default with 512-bit vectors (AVX-512), where it measured
     * faster. With narrower vectors (AVX2) they stay on the calling thread by default.
     * {@code -Dchainrule.gemm.split=measured} measures at any level, {@code never} keeps them on
     * the calling thread, {@code always} always splits them. Either way the bits are the same:
     * only the time changes.
     *
     * @param threads the number of threads, at least 1
     * @return the kernels
     */
    static Kernels vector(int threads) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (Kernels) Class.forName("dev.chainrule.tensor.VectorKernels")
                    .getDeclaredConstructor(int.class).newInstance(threads);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * Replaces the default kernels of models built from now on (for benchmarks and alternative backends).
     *
     * @param kernels the kernels
     */
    static void use(Kernels kernels) {
        KernelRegistry.active = java.util.Objects.requireNonNull(kernels, "kernels");
    }

    /**
     * Throws unless {@code c = op(a) * op(b)} is well shaped.
     *
     * @param a the left matrix
     * @param ta whether to use the transpose of {@code a}
     * @param b the right matrix
     * @param tb whether to use the transpose of {@code b}
     * @param c written: the result matrix
     */
    static void checkGemm(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c) {
        int m = ta ? a.cols() : a.rows();
        int ka = ta ? a.rows() : a.cols();
        int kb = tb ? b.cols() : b.rows();
        int n = tb ? b.rows() : b.cols();
        if (ka != kb || c.rows() != m || c.cols() != n) {
            throw new ShapeException("matrix product " + (ta ? "a^T" : "a") + " * " + (tb ? "b^T" : "b")
                    + ": a is " + a.shape() + ", b is " + b.shape() + ", output is " + c.shape()
                    + " (expected inner sizes to agree and output [" + m + ", " + n + "])");
        }
        Tensor.requireSameType("matrix product", a, b);
        Tensor.requireSameType("matrix product", a, c);
    }
}
