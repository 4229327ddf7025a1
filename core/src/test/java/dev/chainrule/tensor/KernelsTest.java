package dev.chainrule.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every transpose combination of the active kernels against a naive triple loop. */
class KernelsTest {

    @Test
    void gemmMatchesNaiveProductForAllTransposes() {
        Random random = new Random(1);
        for (DType dtype : DType.values()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = 7;
                    int k = 13;
                    int n = 5;
                    Tensor a = random(dtype, ta ? k : m, ta ? m : k, random);
                    Tensor b = random(dtype, tb ? n : k, tb ? k : n, random);
                    Tensor c = random(dtype, m, n, random);
                    Tensor c0 = c.copy();
                    Kernels.active().gemm(a, ta, b, tb, c, true);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = c0.get(i, j);
                            for (int p = 0; p < k; p++) {
                                s += (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                            }
                            assertEquals(s, c.get(i, j), dtype == DType.FLOAT32 ? 1e-4 : 1e-12, dtype + " " + ta + tb);
                        }
                    }
                }
            }
        }
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 2, 3);
        Tensor b = Tensor.zeros(DType.FLOAT32, 4, 5);
        ShapeException e = assertThrows(ShapeException.class,
                () -> Kernels.active().gemm(a, false, b, false, Tensor.zeros(DType.FLOAT32, 2, 5), false));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void biasBroadcastAndRowSums() {
        Tensor m = Tensor.of(DType.FLOAT64, new double[][] {{1, 2}, {3, 4}});
        Kernels.active().addRowVector(m, Tensor.row(DType.FLOAT64, 10, 20));
        assertEquals(24, m.get(1, 1));
        Tensor s = Tensor.zeros(DType.FLOAT64, 1, 2);
        Kernels.active().sumRows(m, s, false);
        assertEquals(24, s.get(0, 0));
        assertEquals(46, s.get(0, 1));
    }

    @Test
    void vectorKernelsAreTheDefaultExactlyWhenTheModuleIsThere() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String active = Kernels.active().getClass().getSimpleName();
        if (!"java".equals(System.getProperty("chainrule.kernels"))) {
            assertEquals(module ? "VectorKernels" : "JavaKernels", active);
        }
        assertEquals(module, Kernels.vector(1) != null);
    }

    static Tensor random(DType dtype, int rows, int cols, Random random) {
        Tensor t = Tensor.zeros(dtype, rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, random.nextGaussian());
        }
        return t;
    }
}
