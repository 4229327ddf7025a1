package dev.chainrule.tensor;

/**
 * Portable kernels in plain Java loops, ordered so that the innermost loop walks contiguous
 * memory (which lets the JIT vectorize it). Single-threaded and deterministic.
 */
public class JavaKernels implements Kernels {

    @Override
    public void gemm(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c, boolean accumulate) {
        Kernels.checkGemm(a, ta, b, tb, c);
        if (!accumulate) {
            c.fillZero();
        }
        int m = c.rows();
        int n = c.cols();
        int k = ta ? a.rows() : a.cols();
        if (c.isFloat32()) {
            gemmFloat(a.floats(), ta, b.floats(), tb, c.floats(), m, n, k, a.cols(), b.cols());
        } else {
            gemmDouble(a.doubles(), ta, b.doubles(), tb, c.doubles(), m, n, k, a.cols(), b.cols());
        }
    }

    /**
     * The float32 leaky rectifier {@code y = max(x, s min(x, 0))} on {@code [from, to)}: every
     * backend's loop ({@link Kernels#leakyRelu}, and the vector kernels' split over threads).
     * It equals the select {@code x > 0 ? x : s x} for {@code 0 <= s < 1}, bit for bit (-0, NaN
     * and both infinities included: min keeps {@code s * inf} out when {@code s = 0}), and C2
     * vectorizes it; the select compiles to a branch that mispredicts on half the elements.
     */
    static void leakyRelu(float[] x, float[] y, int from, int to, float s) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            y[i] = Math.max(v, s * Math.min(v, 0f));
        }
    }

    private static void gemmFloat(float[] a, boolean ta, float[] b, boolean tb, float[] c,
                                  int m, int n, int k, int lda, int ldb) {
        if (!tb) {
            // c[i,:] += a(i,p) * b[p,:] : the inner loop runs along a row of b and of c.
            for (int i = 0; i < m; i++) {
                int ci = i * n;
                for (int p = 0; p < k; p++) {
                    float aip = ta ? a[p * lda + i] : a[i * lda + p];
                    if (aip == 0f) {
                        continue;
                    }
                    int bp = p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        } else {
            // c[i,j] += dot(a(i,:), b[j,:]) : both rows are contiguous when a is not transposed.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    int bj = j * ldb;
                    if (!ta) {
                        int ai = i * lda;
                        for (int p = 0; p < k; p++) {
                            s += a[ai + p] * b[bj + p];
                        }
                    } else {
                        for (int p = 0; p < k; p++) {
                            s += a[p * lda + i] * b[bj + p];
                        }
                    }
                    c[i * n + j] += s;
                }
            }
        }
    }

    private static void gemmDouble(double[] a, boolean ta, double[] b, boolean tb, double[] c,
                                   int m, int n, int k, int lda, int ldb) {
        if (!tb) {
            for (int i = 0; i < m; i++) {
                int ci = i * n;
                for (int p = 0; p < k; p++) {
                    double aip = ta ? a[p * lda + i] : a[i * lda + p];
                    if (aip == 0.0) {
                        continue;
                    }
                    int bp = p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    int bj = j * ldb;
                    for (int p = 0; p < k; p++) {
                        s += (ta ? a[p * lda + i] : a[i * lda + p]) * b[bj + p];
                    }
                    c[i * n + j] += s;
                }
            }
        }
    }

    @Override
    public void addRowVector(Tensor m, Tensor bias) {
        if (bias.rows() != 1 || bias.cols() != m.cols()) {
            throw new ShapeException("bias " + bias.shape() + " does not broadcast over rows of " + m.shape()
                    + " (expected [1, " + m.cols() + "])");
        }
        Tensor.requireSameType("bias broadcast", m, bias);
        int rows = m.rows();
        int cols = m.cols();
        if (m.isFloat32()) {
            float[] x = m.floats();
            float[] b = bias.floats();
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                for (int j = 0; j < cols; j++) {
                    x[o + j] += b[j];
                }
            }
        } else {
            double[] x = m.doubles();
            double[] b = bias.doubles();
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                for (int j = 0; j < cols; j++) {
                    x[o + j] += b[j];
                }
            }
        }
    }

    @Override
    public void sumRows(Tensor m, Tensor out, boolean accumulate) {
        if (out.rows() != 1 || out.cols() != m.cols()) {
            throw new ShapeException("row sum of " + m.shape() + " needs an output of shape [1, " + m.cols()
                    + "], got " + out.shape());
        }
        Tensor.requireSameType("row sum", m, out);
        if (!accumulate) {
            out.fillZero();
        }
        int rows = m.rows();
        int cols = m.cols();
        if (m.isFloat32()) {
            float[] x = m.floats();
            float[] o = out.floats();
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                for (int j = 0; j < cols; j++) {
                    o[j] += x[base + j];
                }
            }
        } else {
            double[] x = m.doubles();
            double[] o = out.doubles();
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                for (int j = 0; j < cols; j++) {
                    o[j] += x[base + j];
                }
            }
        }
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        Tensor.requireSameShape("axpy", x, y);
        Tensor.requireSameType("axpy", x, y);
        if (y.isFloat32()) {
            float a = (float) alpha;
            float[] xs = x.floats();
            float[] ys = y.floats();
            for (int i = 0; i < ys.length; i++) {
                ys[i] += a * xs[i];
            }
        } else {
            double[] xs = x.doubles();
            double[] ys = y.doubles();
            for (int i = 0; i < ys.length; i++) {
                ys[i] += alpha * xs[i];
            }
        }
    }
}
