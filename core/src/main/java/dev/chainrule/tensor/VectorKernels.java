package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.chainrule.tensor.KernelChoice.L;
import static dev.chainrule.tensor.KernelChoice.MR;
import static dev.chainrule.tensor.KernelChoice.NR;
import static dev.chainrule.tensor.KernelChoice.S;

/**
 * Float32 kernels on the JDK Vector API ({@code jdk.incubator.vector}); float64 and the
 * element-wise methods not written here fall back to {@link JavaKernels}. Loaded reflectively by
 * {@link KernelRegistry} only when the module is in the boot layer
 * ({@code --add-modules jdk.incubator.vector}), so the rest of chainrule never links to it.
 *
 * <p>This class dispatches and splits: a product of a few rows goes to {@link SmallRowProduct},
 * every other one to {@link BlockedProduct}, split over {@link GemmPool}'s threads along whole
 * tiles when large (mid-sized ones where {@link SplitPolicy} measures the split faster,
 * {@code -Dchainrule.gemm.split=measured|never|always}); the tile shape comes from
 * {@link KernelChoice}. Each output element is computed by exactly one thread in an order fixed
 * by the shapes, so the results are <em>identical for every thread count</em> (and a row computed alone, as in a one-example
 * predict, equals the same row of a batch).
 */
final class VectorKernels extends JavaKernels {
    /**
     * From this many multiply-adds a product is always split (MLP-L's 100M: its parts dwarf any
     * hand-off). Below it, from {@link SplitPolicy#SMALL_MIN}, a product splits where
     * {@link SplitPolicy} measures it faster in this process (MLP-S's 5M: slower split while the
     * JIT compiles at start-up, faster after). {@code -Dchainrule.gemm.parallelMin=N} changes it.
     */
    static final long PARALLEL_MIN = Long.getLong("chainrule.gemm.parallelMin", 1L << 24);

    private final GemmPool pool;
    private final long parallelMin;
    /** From this many multiply-adds a product may split: always from {@link #parallelMin}, below it as {@link #policy} measures. */
    private final long splitMin;
    private final SplitPolicy policy;

    VectorKernels() {
        this(GemmPool.shared());
    }

    VectorKernels(int threads) {
        this(threads == GemmPool.shared().threads() ? GemmPool.shared() : new GemmPool(threads));
    }

    VectorKernels(GemmPool pool) {
        this(pool, PARALLEL_MIN);
    }

    /** Kernels splitting every product of at least {@code parallelMin} multiply-adds over {@code pool} (tests). */
    VectorKernels(GemmPool pool, long parallelMin) {
        this(pool, parallelMin, SplitPolicy.SMALL_MIN);
    }

    /**
     * Kernels splitting every product of at least {@code parallelMin} multiply-adds over {@code pool}, and those
     * from {@code splitMin} up where {@link SplitPolicy} measures the split faster (tests).
     */
    VectorKernels(GemmPool pool, long parallelMin, long splitMin) {
        this(pool, parallelMin, splitMin, new SplitPolicy());
    }

    /** As above, with a given policy (tests: one that need not wait for the JIT). */
    VectorKernels(GemmPool pool, long parallelMin, long splitMin, SplitPolicy policy) {
        this.pool = pool;
        this.parallelMin = parallelMin;
        // never: below parallelMin every product runs alone, on the same path as before the policy
        this.splitMin = policy.mode() == SplitPolicy.Mode.NEVER ? parallelMin : Math.min(splitMin, parallelMin);
        this.policy = policy;
    }

    @Override
    public String toString() {
        return "VectorKernels(" + KernelChoice.describe() + ", " + pool.threads() + " threads)";
    }

    /** Threads this instance splits large products over. */
    @Override
    public int threads() {
        return pool.threads();
    }

    @Override
    public void gemm(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c, boolean accumulate) {
        if (!c.isFloat32()) {
            super.gemm(a, ta, b, tb, c, accumulate);
            return;
        }
        Kernels.checkGemm(a, ta, b, tb, c);
        int m = c.rows();
        int n = c.cols();
        int k = ta ? a.rows() : a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                c.fillZero();
            }
            return;
        }
        if (m <= SmallRowProduct.MAX_ROWS && !ta && !tb) {
            SmallRowProduct.product(a.floats(), a.cols(), b.floats(), b.cols(), c.floats(), 0, m, n, k, accumulate);
            return;
        }
        product(a, ta, b, tb, c, accumulate, 1f);
    }

    /**
     * One pass: {@code c += alpha * op(a) op(b)}, whenever the inner dimension is one slice
     * ({@code KC_T} deep for a transposed {@code a}, {@code KC} otherwise; a weight gradient
     * {@code x^T g} of a batch of up to 256): then each element is {@code c + alpha * t} with
     * {@code t} the same single fused multiply-add chain a {@link #gemm} into a gradient stores,
     * so the bits equal that gemm followed by {@link #axpy}. Deeper products are refused (their
     * slices would be scaled and added one by one).
     */
    @Override
    public boolean gemmStep(double alpha, Tensor a, boolean ta, Tensor b, boolean tb, Tensor c) {
        if (!c.isFloat32() || !a.isFloat32() || !b.isFloat32()) {
            return false;
        }
        Kernels.checkGemm(a, ta, b, tb, c);
        int k = ta ? a.rows() : a.cols();
        if (k == 0 || k > (ta ? BlockedProduct.KC_T : BlockedProduct.KC) || c.size() == 0) {
            return false;
        }
        product(a, ta, b, tb, c, true, (float) alpha);
        return true;
    }

    /** Dot products of long rows in {@link VectorDots} (a small {@code c} wastes the product's register tiles). */
    @Override
    public void rowDots(Tensor a, Tensor b, Tensor c) {
        if (!c.isFloat32()) {
            super.rowDots(a, b, c);
            return;
        }
        Kernels.checkGemm(a, false, b, true, c);
        VectorDots.dots(a.floats(), c.rows(), b.floats(), c.cols(), a.cols(), c.floats());
    }

    /** The blocked product, split over the pool when large enough. */
    private void product(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c, boolean accumulate, float alpha) {
        int m = c.rows();
        int n = c.cols();
        int k = ta ? a.rows() : a.cols();
        float[] af = a.floats();
        float[] bf = b.floats();
        float[] cf = c.floats();
        long work = (long) m * n * k;
        if (work >= KernelWarmUp.WAIT_MIN && KernelWarmUp.productsPending()) {
            KernelWarmUp.awaitProducts();
        }
        if (work >= splitMin && pool.threads() > 1) {
            int tilesM = (m + MR - 1) / MR;
            int tilesN = (n + NR - 1) / NR;
            boolean splitN = tilesN >= pool.threads() && (m <= n || tilesM < pool.threads());
            int tiles = splitN ? tilesN : tilesM;
            if (tiles >= 2) {
                if (work >= parallelMin) {
                    if (pool.run(af, ta, a.cols(), bf, tb, b.cols(), cf, m, n, k, accumulate, alpha, splitN, tiles)) {
                        return;
                    }
                } else if (!TaskPool.anyRunning()) {
                    // mid-sized: split where it measures faster (SplitPolicy); the same bits either way.
                    // Not inside a task pool's job (a convolution's groups): those already use the cores.
                    long start = System.nanoTime();
                    boolean split = policy.split()
                            && pool.run(af, ta, a.cols(), bf, tb, b.cols(), cf, m, n, k, accumulate, alpha, splitN, tiles);
                    if (!split) {
                        alone(af, ta, a.cols(), bf, tb, b.cols(), cf, m, n, k, accumulate, alpha);
                    }
                    policy.record(split, work, System.nanoTime() - start);
                    return;
                }
            }
        }
        alone(af, ta, a.cols(), bf, tb, b.cols(), cf, m, n, k, accumulate, alpha);
    }

    private static void alone(float[] af, boolean ta, int lda, float[] bf, boolean tb, int ldb, float[] cf, int m, int n,
                              int k, boolean accumulate, float alpha) {
        BlockedProduct.blocked(af, ta, lda, bf, tb, ldb, cf, n, 0, m, 0, n, k, accumulate, alpha,
                BlockedProduct.workspace());
    }

    /** From this many elements a rectifier runs split over the pool ({@code -Dchainrule.relu.parallelMin=N}). */
    static final int RELU_PARALLEL_MIN = Integer.getInteger("chainrule.relu.parallelMin", 1 << 18);

    /**
     * As {@link Kernels#leakyRelu}; a large float32 tensor (a convolution's output: CNN-S's first
     * is 1.6 million values per batch) is cut into one range per thread of the pool.
     */
    @Override
    public void leakyRelu(Tensor in, Tensor out, double slope) {
        if (in.isFloat32() && in.size() >= RELU_PARALLEL_MIN && pool.threads() > 1) {
            Tensor.requireSameType("leaky rectifier", in, out);
            if (out.size() != in.size()) {
                Tensor.requireSameShape("leaky rectifier", in, out);
            }
            if (pool.leakyRelu(in.floats(), out.floats(), in.size(), (float) slope)) {
                return;
            }
        }
        super.leakyRelu(in, out, slope);
    }

    @Override
    public void leakyReluBackward(Tensor in, Tensor gradOut, Tensor gradIn, double slope) {
        if (!in.isFloat32()) {
            super.leakyReluBackward(in, gradOut, gradIn, slope);
            return;
        }
        if (in.size() < RELU_VECTOR_MIN || !RELU_VECTOR || KernelWarmUp.reluPending()) {
            // tiny layers keep the scalar loop; larger ones too until the warm-up has compiled the
            // vector loop (boxed till then). The scalar select mispredicts on half the elements,
            // which makes it several times slower than the vector loop
            super.leakyReluBackward(in, gradOut, gradIn, slope);
            return;
        }
        if (in.size() >= RELU_PARALLEL_MIN && pool.threads() > 1
                && pool.leakyReluBackward(in.floats(), gradOut.floats(), gradIn.floats(), in.size(), (float) slope)) {
            return;
        }
        leakyReluBackward(in.floats(), gradOut.floats(), gradIn.floats(), 0, in.size(), (float) slope);
    }

    /**
     * Whether the rectifier's backward runs as Vector API code at all: not with 128-bit vectors,
     * where C2 did not compile the compare and blend at {@code -XX:UseAVX=0} (256 KB allocated per
     * 128 x 50 call, every vector boxed).
     */
    static final boolean RELU_VECTOR = S.vectorBitSize() >= 256;

    /** From this many elements the rectifier's backward runs as Vector API code (once warmed up). */
    static final int RELU_VECTOR_MIN = Integer.getInteger("chainrule.relu.vectorMin", 1 << 10);

    /**
     * {@code dx = x > 0 ? g : s g} as a compare and a blend per vector (the scalar select is a
     * branch that mispredicts on half the elements, an order of magnitude slower).
     */
    static void leakyReluBackward(float[] x, float[] g, float[] dx, int from, int to, float s) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            gv.mul(s).blend(gv, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f)).intoArray(dx, i);
        }
        for (; i < to; i++) {
            dx[i] = x[i] > 0f ? g[i] : s * g[i];
        }
    }

    /** Below this many elements an axpy runs on the calling thread ({@code -Dchainrule.axpy.parallelMin=N}). */
    static final int AXPY_PARALLEL_MIN = Integer.getInteger("chainrule.axpy.parallelMin", 1 << 18);

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        if (y.isFloat32() && y.size() >= AXPY_PARALLEL_MIN && pool.threads() > 1 && y.cols() >= 2 * NR) {
            Tensor.requireSameShape("axpy", x, y);
            Tensor.requireSameType("axpy", x, y);
            if (pool.axpy((float) alpha, x.floats(), y.floats(), y.rows(), y.cols())) {
                return;
            }
        }
        super.axpy(alpha, x, y);
    }

    /** Column band {@code part} of {@code parts} (whole NR-wide tiles) of {@code y += alpha * x}. */
    static void axpyPart(float alpha, float[] x, float[] y, int rows, int cols, int tiles, int part, int parts) {
        int j0 = (int) ((long) tiles * part / parts) * NR;
        int j1 = Math.min(cols, (int) ((long) tiles * (part + 1) / parts) * NR);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = o + j0; j < o + j1; j++) {
                y[j] += alpha * x[j];
            }
        }
    }
}
