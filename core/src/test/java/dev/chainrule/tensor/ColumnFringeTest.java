package dev.chainrule.tensor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The blocked product bit for bit against a plain loop of the documented order (per inner slice a
 * multiply-add chain from zero, fused where the kernels fuse, then {@code c + alpha t}), for every
 * output width from 1 to 70: the widths around the vector widths, where the last panel runs a
 * padded tile, the three-vector tile or {@link ColumnFringe}. Surefire runs this class at the
 * machine's widest level, at {@code -XX:UseAVX=2} and without FMA.
 */
class ColumnFringeTest {
    static Kernels one;
    static Kernels two;

    @BeforeAll
    static void kernels() {
        one = Kernels.vector(1);
        assumeTrue(one != null, "jdk.incubator.vector not in the boot layer");
        two = new VectorKernels(new GemmPool(2), 1);
    }

    @Test
    void aFiftyWideWeightGradientTakesTheColumnFringe() {
        // MLP-S's first layer: the last 2 of 50 columns with 6x16 and 6x8 tiles, and with 6x64
        // tiles where enabled (surefire's run with -Dchainrule.gemm.fringeColumns=8)
        boolean enabled = KernelChoice.NV == 2 || Integer.getInteger("chainrule.gemm.fringeColumns", 0) >= 2;
        assertEquals(enabled ? 2 : 0, ColumnFringe.columns(50 % KernelChoice.NR, true), KernelChoice.describe());
        assertEquals(0, ColumnFringe.columns(50 % KernelChoice.NR, false), "never with a in place row by row");
    }

    @Test
    void everyWidthFrom1To70HasThePlainLoopsBits() {
        Random random = new Random(11);
        int m = ColumnFringe.ROWS + 5;
        for (boolean ta : new boolean[] {true, false}) {
            // two slices: the second adds to the first's result
            int k = (ta ? BlockedProduct.KC_T : BlockedProduct.KC) + 3;
            float[] a = floats(m * k, random);
            for (int n = 1; n <= 70; n++) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] b = floats(k * n, random);
                    float[] c0 = floats(m * n, random);
                    for (int mode = 0; mode < 4; mode++) {
                        boolean acc = mode >= 2;
                        float alpha = (mode & 1) == 0 ? 1f : mode == 1 ? 0.5f : -0.1f;
                        float[] c = c0.clone();
                        BlockedProduct.blocked(a, ta, ta ? m : k, b, tb, tb ? k : n, c, n, 0, m, 0, n, k, acc, alpha,
                                BlockedProduct.workspace());
                        float[] expected = reference(a, ta, b, tb, c0, m, n, k, acc, alpha);
                        assertArrayEquals(expected, c, 0f, m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb
                                + " acc=" + acc + " alpha=" + alpha + " " + KernelChoice.describe());
                    }
                }
            }
        }
    }

    /** The fused step and a split over two threads give the plain loop's bits too (rows cut at whole tiles). */
    @Test
    void theFusedStepOnTwoThreadsHasThePlainLoopsBits() {
        Random random = new Random(12);
        int k = 128;
        for (int m : new int[] {2 * ColumnFringe.ROWS + 7, 784}) {
            Tensor x = KernelsTest.random(DType.FLOAT32, k, m, random);
            for (int n = 1; n <= 70; n += (n < 20 || n > 44) ? 1 : 5) {
                Tensor g = KernelsTest.random(DType.FLOAT32, k, n, random);
                Tensor w = KernelsTest.random(DType.FLOAT32, m, n, random);
                float[] expected = reference(x.floats(), true, g.floats(), false, w.floats(), m, n, k, true, -0.05f);
                for (Kernels kernels : new Kernels[] {one, two}) {
                    Tensor stepped = w.copy();
                    assertTrue(kernels.gemmStep(-0.05, x, true, g, false, stepped));
                    assertArrayEquals(expected, stepped.floats(), 0f, m + "x" + n + "x" + k + " " + kernels);
                }
            }
        }
    }

    /** {@code c (+)= alpha op(a) op(b)} in the kernels' order: per slice a chain from zero, then added. */
    static float[] reference(float[] a, boolean ta, float[] b, boolean tb, float[] c0, int m, int n, int k,
                             boolean acc, float alpha) {
        int kc = ta ? BlockedProduct.KC_T : BlockedProduct.KC;
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = c0[i * n + j];
                for (int p0 = 0; p0 < k; p0 += kc) {
                    float t = 0f;
                    for (int p = p0; p < Math.min(k, p0 + kc); p++) {
                        float x = ta ? a[p * m + i] : a[i * k + p];
                        float y = tb ? b[j * k + p] : b[p * n + j];
                        t = KernelChoice.FMA ? Math.fma(x, y, t) : t + x * y;
                    }
                    boolean add = acc || p0 > 0;
                    v = add ? v + alpha * t : alpha == 1f ? t : alpha * t;
                }
                c[i * n + j] = v;
            }
        }
        return c;
    }

    private static float[] floats(int size, Random random) {
        float[] f = new float[size];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return f;
    }
}
