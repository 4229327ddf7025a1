package dev.chainrule.layer;

import dev.chainrule.tensor.Tensor;

/**
 * Row-wise softmax {@code y_j = exp(h_j - max h) / sum_k exp(h_k - max h)} (subtracting the
 * row maximum keeps {@code exp} from overflowing). Backward uses the Jacobian-vector product
 * {@code dh_j = y_j (g_j - sum_k g_k y_k)}.
 *
 * <p>To train a classifier, prefer a final {@link Dense} with the fused
 * {@code SoftmaxCrossEntropy} loss, whose gradient is the simpler and exact {@code (p - t) / batch};
 * a model that puts this layer before that loss is refused when built.
 */
public final class Softmax extends Activation {

    @Override
    public String type() {
        return "softmax";
    }

    /** Writes the softmax of each row of {@code in} into {@code out} (shared with the losses). */
    public static void rows(Tensor in, Tensor out) {
        int rows = in.rows();
        int cols = in.cols();
        if (in.isFloat32() && out.isFloat32()) {
            rowsFloat(in.floats(), out.floats(), rows, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, in.getFlat(o + j));
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(in.getFlat(o + j) - max);
                out.setFlat(o + j, e);
                sum += e;
            }
            for (int j = 0; j < cols; j++) {
                out.setFlat(o + j, out.getFlat(o + j) / sum);
            }
        }
    }

    /** The float32 path of {@link #rows}: the same arithmetic (double exp and sum), on the arrays directly. */
    private static void rowsFloat(float[] x, float[] y, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp((double) x[o + j] - max);
                y[o + j] = (float) e;
                sum += e;
            }
            for (int j = 0; j < cols; j++) {
                y[o + j] = (float) (y[o + j] / sum);
            }
        }
    }

    @Override
    protected void apply(Tensor in, Tensor out) {
        rows(in, out);
    }

    @Override
    protected void derive(Tensor in, Tensor out, Tensor gradOut, Tensor gradIn) {
        int rows = out.rows();
        int cols = out.cols();
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += gradOut.getFlat(o + j) * out.getFlat(o + j);
            }
            for (int j = 0; j < cols; j++) {
                gradIn.setFlat(o + j, out.getFlat(o + j) * (gradOut.getFlat(o + j) - dot));
            }
        }
    }
}
