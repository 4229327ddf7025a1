package dev.chainrule.tensor;

/**
 * The element-wise and row-wise maps of the activation and dropout layers, forward and backward
 * side by side; part of {@link Kernels}. Plain loops here; a backend overrides what it runs
 * faster, with the same bits (the arithmetic below, in this order). Outputs have the inputs'
 * shape and dtype; an output may be its input where a method says so.
 */
public interface ActivationKernels {

    /**
     * {@code out = sigmoid(in)} ({@link ScalarMath#sigmoid}, in double, rounded for float32).
     *
     * @param in  the pre-activations
     * @param out written; may be {@code in}
     */
    default void sigmoid(Tensor in, Tensor out) {
        int n = in.size();
        if (in.isFloat32()) {
            float[] x = in.floats();
            float[] y = out.floats();
            for (int i = 0; i < n; i++) {
                y[i] = (float) ScalarMath.sigmoid(x[i]);
            }
        } else {
            double[] x = in.doubles();
            double[] y = out.doubles();
            for (int i = 0; i < n; i++) {
                y[i] = ScalarMath.sigmoid(x[i]);
            }
        }
    }

    /**
     * {@code gradIn = gradOut * y * (1 - y)} from the sigmoid's output {@code y}.
     *
     * @param out     the sigmoid's output {@code y}
     * @param gradOut {@code dL/dy}
     * @param gradIn  written: {@code dL/dh}
     */
    default void sigmoidBackward(Tensor out, Tensor gradOut, Tensor gradIn) {
        int n = out.size();
        if (out.isFloat32()) {
            float[] y = out.floats();
            float[] g = gradOut.floats();
            float[] dx = gradIn.floats();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * y[i] * (1f - y[i]);
            }
        } else {
            double[] y = out.doubles();
            double[] g = gradOut.doubles();
            double[] dx = gradIn.doubles();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * y[i] * (1.0 - y[i]);
            }
        }
    }

    /**
     * {@code out = tanh(in)} ({@link Math#tanh}, in double, rounded for float32).
     *
     * @param in  the pre-activations
     * @param out written
     */
    default void tanh(Tensor in, Tensor out) {
        int n = in.size();
        if (in.isFloat32()) {
            float[] x = in.floats();
            float[] y = out.floats();
            for (int i = 0; i < n; i++) {
                y[i] = (float) Math.tanh(x[i]);
            }
        } else {
            double[] x = in.doubles();
            double[] y = out.doubles();
            for (int i = 0; i < n; i++) {
                y[i] = Math.tanh(x[i]);
            }
        }
    }

    /**
     * {@code gradIn = gradOut * (1 - y^2)} from the tanh's output {@code y}.
     *
     * @param out     the tanh's output {@code y}
     * @param gradOut {@code dL/dy}
     * @param gradIn  written: {@code dL/dh}
     */
    default void tanhBackward(Tensor out, Tensor gradOut, Tensor gradIn) {
        int n = out.size();
        if (out.isFloat32()) {
            float[] y = out.floats();
            float[] g = gradOut.floats();
            float[] dx = gradIn.floats();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * (1f - y[i] * y[i]);
            }
        } else {
            double[] y = out.doubles();
            double[] g = gradOut.doubles();
            double[] dx = gradIn.doubles();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * (1.0 - y[i] * y[i]);
            }
        }
    }

    /**
     * Row-wise softmax {@code y_j = exp(h_j - max h) / sum_k exp(h_k - max h)}; {@code out} may
     * be {@code in}. Float32: each {@code exp} in float ({@link ScalarMath#exp}), the sum and the
     * division in double; float64: {@link Math#exp}.
     *
     * @param in  the logits, {@code [rows, classes]}
     * @param out written; may be {@code in}
     */
    default void softmaxRows(Tensor in, Tensor out) {
        int rows = in.rows();
        int cols = in.cols();
        if (in.isFloat32() && out.isFloat32()) {
            float[] x = in.floats();
            float[] y = out.floats();
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, x[o + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    float e = ScalarMath.exp(x[o + j] - max);
                    y[o + j] = e;
                    sum += e;
                }
                for (int j = 0; j < cols; j++) {
                    y[o + j] = (float) (y[o + j] / sum);
                }
            }
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

    /**
     * The softmax's Jacobian-vector product per row: {@code gradIn_j = y_j (gradOut_j - sum_k gradOut_k y_k)}.
     *
     * @param out     the softmax's output {@code y}
     * @param gradOut {@code dL/dy}
     * @param gradIn  written: {@code dL/dh}
     */
    default void softmaxBackward(Tensor out, Tensor gradOut, Tensor gradIn) {
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

    /**
     * {@code out = a * b}, element by element.
     *
     * @param a   a factor
     * @param b   a factor of {@code a}'s shape
     * @param out written
     */
    default void multiply(Tensor a, Tensor b, Tensor out) {
        if (out.isFloat32()) {
            float[] x = a.floats();
            float[] y = b.floats();
            float[] o = out.floats();
            for (int i = 0; i < o.length; i++) {
                o[i] = x[i] * y[i];
            }
        } else {
            double[] x = a.doubles();
            double[] y = b.doubles();
            double[] o = out.doubles();
            for (int i = 0; i < o.length; i++) {
                o[i] = x[i] * y[i];
            }
        }
    }

    /**
     * An inverted-dropout mask: element {@code i} (row-major) is 0 when
     * {@code u < rate}, else {@code 1 / (1 - rate)} (rounded to float for float32), where
     * {@code u} is draw number {@code offset + i} of the uniform stream of {@code seed}
     * ({@link ScalarMath#splitMixDouble}: the doubles of {@code new SplittableRandom(seed)}).
     * A function of {@code (seed, offset)} alone, so any mask of a run can be drawn again.
     *
     * @param mask   written
     * @param rate   the probability of dropping an element, in {@code [0, 1)}
     * @param seed   the seed of the layer's stream
     * @param offset the stream position of the mask's first element
     */
    default void dropoutMask(Tensor mask, double rate, long seed, long offset) {
        double scale = 1.0 / (1.0 - rate);
        int n = mask.size();
        if (mask.isFloat32()) {
            float[] m = mask.floats();
            float kept = (float) scale;
            for (int i = 0; i < n; i++) {
                m[i] = ScalarMath.splitMixDouble(seed, offset + i) < rate ? 0f : kept;
            }
        } else {
            double[] m = mask.doubles();
            for (int i = 0; i < n; i++) {
                m[i] = ScalarMath.splitMixDouble(seed, offset + i) < rate ? 0.0 : scale;
            }
        }
    }
}
