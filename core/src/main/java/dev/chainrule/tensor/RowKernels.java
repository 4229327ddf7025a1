package dev.chainrule.tensor;

/**
 * Moving rows between tensors of one width: gathering a batch from a data set, copying a chunk;
 * part of {@link Kernels}. Copies, no arithmetic: every backend gives the same bits.
 */
public interface RowKernels {

    /**
     * Copies rows {@code rows[from..to)} of {@code src} into rows {@code 0 .. to - from} of
     * {@code dst} (same width and dtype).
     *
     * @param src  the rows to gather from
     * @param rows row indices of {@code src}
     * @param from first entry of {@code rows} used
     * @param to   end (exclusive) of the entries used
     * @param dst  written, from its first row
     */
    default void gatherRows(Tensor src, int[] rows, int from, int to, Tensor dst) {
        int cols = src.cols();
        if (src.isFloat32()) {
            float[] s = src.floats();
            float[] d = dst.floats();
            for (int i = from; i < to; i++) {
                System.arraycopy(s, rows[i] * cols, d, (i - from) * cols, cols);
            }
        } else {
            double[] s = src.doubles();
            double[] d = dst.doubles();
            for (int i = from; i < to; i++) {
                System.arraycopy(s, rows[i] * cols, d, (i - from) * cols, cols);
            }
        }
    }

    /**
     * Copies {@code count} rows of {@code src} from row {@code srcRow} into {@code dst} at row {@code dstRow}.
     *
     * @param src    the rows to copy
     * @param srcRow the first row copied
     * @param dst    written
     * @param dstRow where the first row goes
     * @param count  rows copied
     */
    default void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int count) {
        int cols = src.cols();
        if (src.isFloat32()) {
            System.arraycopy(src.floats(), srcRow * cols, dst.floats(), dstRow * cols, count * cols);
        } else {
            System.arraycopy(src.doubles(), srcRow * cols, dst.doubles(), dstRow * cols, count * cols);
        }
    }

    /**
     * A hint that rows {@code rows[from..to)} of {@code src} are gathered next: reads four
     * values spread over each row, so that the memory system is already fetching them (shuffled
     * rows of a large data set come from main memory, and a gather of fetched rows is faster).
     * Changes nothing; returns a value derived from what it read, for the caller to keep (so
     * that the reads are not optimized away).
     *
     * @param src  the data set's tensor
     * @param rows row indices of {@code src}
     * @param from first entry of {@code rows} touched
     * @param to   end (exclusive) of the entries touched
     * @return a value derived from the reads
     */
    default int touchRows(Tensor src, int[] rows, int from, int to) {
        int cols = src.cols();
        int step = Math.max(1, cols / 4);
        int sink = 0;
        if (src.isFloat32()) {
            float[] f = src.floats();
            for (int i = from; i < to; i++) {
                int o = rows[i] * cols;
                for (int j = 0; j < cols; j += step) {
                    sink += Float.floatToRawIntBits(f[o + j]);
                }
            }
        } else {
            double[] d = src.doubles();
            for (int i = from; i < to; i++) {
                int o = rows[i] * cols;
                for (int j = 0; j < cols; j += step) {
                    sink += (int) Double.doubleToRawLongBits(d[o + j]);
                }
            }
        }
        return sink;
    }
}
