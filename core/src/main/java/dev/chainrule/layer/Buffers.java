package dev.chainrule.layer;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
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

    /**
     * A batch of {@code batch} examples of shape {@code example} ({@code [batch, ...example]}),
     * reused as {@link #get(DType, int, int)} is.
     */
    Tensor get(DType dtype, int batch, Shape example) {
        if (fits(recent, dtype, batch, example)) {
            return recent;
        }
        Tensor t = fits(older, dtype, batch, example) ? older : Tensor.zeros(dtype, batch, example);
        older = recent;
        recent = t;
        return t;
    }

    private static boolean fits(Tensor t, DType dtype, int batch, Shape example) {
        if (t == null || t.dtype() != dtype || t.rows() != batch || t.rank() != example.rank() + 1) {
            return false;
        }
        for (int i = 0; i < example.rank(); i++) {
            if (t.dim(i + 1) != example.dim(i)) {
                return false;
            }
        }
        return true;
    }

    /** A tensor with {@code x}'s dimensions and dtype, reused as {@link #get(DType, int, int)} is. */
    Tensor like(Tensor x) {
        if (sameDims(recent, x)) {
            return recent;
        }
        Tensor t = sameDims(older, x) ? older : Tensor.zeros(x.dtype(), x.dims());
        older = recent;
        recent = t;
        return t;
    }

    /** Reuses {@code current} while it has {@code x}'s dimensions and dtype (a single-shape cache). */
    static Tensor reuseLike(Tensor current, Tensor x) {
        return sameDims(current, x) ? current : Tensor.zeros(x.dtype(), x.dims());
    }

    private static boolean sameDims(Tensor t, Tensor x) {
        if (t == null || t.dtype() != x.dtype() || t.rank() != x.rank()) {
            return false;
        }
        for (int i = 0; i < x.rank(); i++) {
            if (t.dim(i) != x.dim(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reuses {@code current} while the requested shape and dtype stay the same (a single-shape cache). */
    static Tensor reuse(Tensor current, DType dtype, int rows, int cols) {
        return fits(current, dtype, rows, cols) ? current : Tensor.zeros(dtype, rows, cols);
    }

    private static boolean fits(Tensor t, DType dtype, int rows, int cols) {
        return t != null && t.rows() == rows && t.cols() == cols && t.dtype() == dtype;
    }
}
