package dev.chainrule.blas;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native-BLAS kernels against a float64 triple loop; skipped where no native BLAS loads. */
class BlasKernelsTest {
    static Kernels blas;

    @BeforeAll
    static void load() {
        try {
            blas = new BlasKernels();
        } catch (IllegalStateException e) {
            assumeTrue(false, e.getMessage());
        }
    }

    @Test
    void matchesTheNaiveProductForEveryTransposeBothTypesAndAccumulation() {
        Random random = new Random(9);
        int[][] shapes = {{1, 1, 1}, {7, 5, 13}, {128, 50, 784}, {50, 10, 128}, {33, 70, 257}};
        for (DType dtype : DType.values()) {
            for (int[] s : shapes) {
                for (int op = 0; op < 8; op++) {
                    boolean ta = (op & 1) != 0;
                    boolean tb = (op & 2) != 0;
                    boolean acc = (op & 4) != 0;
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Tensor a = random(dtype, ta ? k : m, ta ? m : k, random);
                    Tensor b = random(dtype, tb ? n : k, tb ? k : n, random);
                    Tensor c = random(dtype, m, n, random);
                    Tensor c0 = c.copy();
                    blas.gemm(a, ta, b, tb, c, acc);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = acc ? c0.get(i, j) : 0;
                            double abs = Math.abs(sum);
                            for (int p = 0; p < k; p++) {
                                double t = (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                                sum += t;
                                abs += Math.abs(t);
                            }
                            double tol = dtype == DType.FLOAT32 ? 1e-5 * abs + 1e-6 : 1e-12 * abs + 1e-15;
                            assertEquals(sum, c.get(i, j), tol, dtype + " " + m + "x" + n + "x" + k + " op " + op);
                        }
                    }
                }
            }
        }
    }

    @Test
    void emptyInnerDimensionZeroesOrKeepsTheOutput() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 3, 0);
        Tensor b = Tensor.zeros(DType.FLOAT32, 0, 2);
        Tensor c = Tensor.of(DType.FLOAT32, new double[][] {{1, 2}, {3, 4}, {5, 6}});
        blas.gemm(a, false, b, false, c, true);
        assertEquals(6.0, c.get(2, 1));
        blas.gemm(a, false, b, false, c, false);
        assertEquals(0.0, c.get(2, 1));
    }

    @Test
    void refusesBadShapesAndTheFusedStep() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 3, 4);
        assertThrows(ShapeException.class, () -> blas.gemm(a, false, a, false, Tensor.zeros(DType.FLOAT32, 3, 4), false));
        assertFalse(blas.gemmStep(-0.1, a, true, Tensor.zeros(DType.FLOAT32, 3, 2), false, Tensor.zeros(DType.FLOAT32, 4, 2)));
    }

    static Tensor random(DType dtype, int rows, int cols, Random random) {
        Tensor t = Tensor.zeros(dtype, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.set(i, j, random.nextGaussian());
            }
        }
        return t;
    }
}
