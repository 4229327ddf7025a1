package dev.chainrule.layer;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

/** Reuses a tensor while the requested shape and dtype stay the same (one per batch shape). */
final class Buffers {
    private Buffers() {
    }

    static Tensor reuse(Tensor current, DType dtype, int rows, int cols) {
        if (current != null && current.rows() == rows && current.cols() == cols && current.dtype() == dtype) {
            return current;
        }
        return Tensor.zeros(dtype, rows, cols);
    }
}
