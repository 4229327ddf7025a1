package dev.chainrule.blas;

import dev.chainrule.tensor.JavaKernels;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * Kernels whose matrix products call the machine's own BLAS ({@code sgemm}, {@code dgemm}) through
 * JNI: the netlib library Spark's MLlib uses, which loads the system's {@code libblas.so.3}
 * (OpenBLAS or MKL where installed). Everything else is {@link JavaKernels}' plain loops.
 *
 * <p>Opt-in: {@code chainrule train --kernels blas}, or {@code -Dchainrule.kernels=blas} with this
 * module on the class path. Where it wins (measured, see {@code bench/README.md}): float64
 * networks, whose products the other kernels run as plain loops. Float32 products are usually
 * slower than chainrule's own kernels on 2 cores, and the fused weight step is not offered
 * ({@link #gemmStep} returns false), so SGD takes its two passes.
 *
 * <p>Bits: those of the machine's BLAS, not chainrule's own kernels; OpenBLAS gives the same bits
 * for one thread count ({@code OPENBLAS_NUM_THREADS}) on one machine.
 */
public final class BlasKernels extends JavaKernels {
    /** netlib says which implementation it loaded at INFO level, on standard error; kept quiet (and referenced, so it stays). */
    private static final java.util.logging.Logger NETLIB_LOG = quiet(java.util.logging.Logger.getLogger("dev.ludovic.netlib"));

    private final BLAS blas;

    /**
     * Loads the native BLAS; throws {@link IllegalStateException}, with the reason, when there is
     * none (no {@code libblas.so.3}, or a platform the shim was not built for).
     */
    public BlasKernels() {
        BLAS loaded;
        try {
            loaded = NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("no native BLAS could be loaded (install OpenBLAS, e.g. the"
                    + " libopenblas0 package, so that libblas.so.3 is found): " + e.getMessage(), e);
        }
        this.blas = loaded;
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger log) {
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    @Override
    public String toString() {
        return "BlasKernels(" + blas.getClass().getSimpleName() + ")";
    }

    /**
     * {@code c = op(a) op(b)} (or {@code +=}): the row-major product is the column-major product
     * {@code c^T = op(b)^T op(a)^T}, so the operands go to {@code gemm} swapped, as they lie.
     */
    @Override
    public void gemm(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c, boolean accumulate) {
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
        String opB = tb ? "T" : "N";
        String opA = ta ? "T" : "N";
        if (c.isFloat32()) {
            blas.sgemm(opB, opA, n, m, k, 1f, b.floats(), b.cols(), a.floats(), a.cols(), accumulate ? 1f : 0f,
                    c.floats(), n);
        } else {
            blas.dgemm(opB, opA, n, m, k, 1.0, b.doubles(), b.cols(), a.doubles(), a.cols(), accumulate ? 1.0 : 0.0,
                    c.doubles(), n);
        }
    }
}
