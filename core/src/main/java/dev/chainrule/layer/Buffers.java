package dev.chainrule.layer;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

/**
 * Reused output buffers of a layer, one per batch shape, for the two most recent shapes: an
 * epoch of mini-batches alternates between the full batch size and the smaller last batch, and
 * keeping both means the steady state of training allocates nothing, not even once per epoch.
 */
final class Buffers {
    private Tensor recent;
    private Tensor older;

    /** A tensor of this shape and dtype, reused when one of the two most recent requests had them. */
    Tensor get(DType dtype, int rows, int cols) {
        if (fits(recent, dtype, rows, cols)) {
            return recent;
        }
        Tensor t = fits(older, dtype, rows, cols) ? older : Tensor.zeros(dtype, rows, cols);
        older = recent;
        recent = t;
        return t;
    }

    /** Reuses {@code current} while the requested shape and dtype stay the same (a single-shape cache). */
    static Tensor reuse(Tensor current, DType dtype, int rows, int cols) {
        return fits(current, dtype, rows, cols) ? current : Tensor.zeros(dtype, rows, cols);
    }

    private static boolean fits(Tensor t, DType dtype, int rows, int cols) {
        return t != null && t.rows() == rows && t.cols() == cols && t.dtype() == dtype;
    }
}
