package dev.chainrule.tensor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API kernels against a float64 triple loop on shapes that hit every fringe (rows,
 * columns, inner slices, blocks), and their determinism across thread counts. Skipped when the
 * JVM runs without {@code --add-modules jdk.incubator.vector}.
 */
class VectorKernelsTest {
    static Kernels one;
    static Kernels two;
    static Kernels three;

    @BeforeAll
    static void kernels() {
        one = Kernels.vector(1);
        assumeTrue(one != null, "jdk.incubator.vector not in the boot layer");
        // split every product, however small, so that ragged splits are tested too
        two = new VectorKernels(new GemmPool(2), 1);
        three = new VectorKernels(new GemmPool(3), 1);
    }

    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 50, 784}, {3, 10, 50}, {7, 5, 13}, {6, 32, 256}, {13, 47, 300},
        {128, 50, 784}, {50, 10, 128}, {97, 130, 257}, {200, 70, 513}, {2, 1100, 40}, {130, 1030, 20}, {3, 37, 1500}, {4, 16, 33}, {2, 17, 1100}, {2, 70, 1100}, {2, 81, 300}, {1, 64, 20}, {1, 100, 1030},
    };

    @Test
    void matchesNaiveProductForAllTransposesAndFringes() {
        Random random = new Random(7);
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (boolean acc : new boolean[] {false, true}) {
                        Tensor a = KernelsTest.random(DType.FLOAT32, ta ? k : m, ta ? m : k, random);
                        Tensor b = KernelsTest.random(DType.FLOAT32, tb ? n : k, tb ? k : n, random);
                        Tensor c = KernelsTest.random(DType.FLOAT32, m, n, random);
                        Tensor c0 = c.copy();
                        two.gemm(a, ta, b, tb, c, acc);
                        String what = m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc;
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double sum = acc ? c0.get(i, j) : 0;
                                double abs = Math.abs(sum);
                                for (int p = 0; p < k; p++) {
                                    double t = (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                                    sum += t;
                                    abs += Math.abs(t);
                                }
                                assertEquals(sum, c.get(i, j), 1e-5 * abs + 1e-6, what + " at " + i + "," + j);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void identicalBitsForEveryThreadCount() {
        assertOneThreadsBitsOnEveryThreadCount(new Random(3),
                new int[][] {{128, 1024, 784}, {1024, 1024, 128}, {128, 50, 784}, {784, 50, 128}, {333, 517, 300}}, false);
    }

    /** Split parts computed in their own scratch and added into c (accumulate) give one thread's bits. */
    @Test
    void splitPartsAddedIntoCGiveOneThreadsBits() {
        assertOneThreadsBitsOnEveryThreadCount(new Random(5),
                new int[][] {{128, 1024, 784}, {96, 320, 300}, {60, 1030, 513}, {128, 512, 129}}, true);
    }

    /**
     * Every transpose of each {@code m x n x k} shape on 1, 2 and 3 threads, and again on 2: the
     * same bits; {@code c} starts at zero, or, when {@code accumulate}, random (added to).
     */
    private void assertOneThreadsBitsOnEveryThreadCount(Random random, int[][] shapes, boolean accumulate) {
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Tensor a = KernelsTest.random(DType.FLOAT32, ta ? k : m, ta ? m : k, random);
                    Tensor b = KernelsTest.random(DType.FLOAT32, tb ? n : k, tb ? k : n, random);
                    Tensor c = accumulate ? KernelsTest.random(DType.FLOAT32, m, n, random)
                            : Tensor.zeros(DType.FLOAT32, m, n);
                    Tensor c1 = c.copy();
                    Tensor c2 = c.copy();
                    Tensor c3 = c.copy();
                    one.gemm(a, ta, b, tb, c1, accumulate);
                    two.gemm(a, ta, b, tb, c2, accumulate);
                    three.gemm(a, ta, b, tb, c3, accumulate);
                    assertArrayEquals(c1.floats(), c2.floats(), "1 vs 2 threads " + m + "x" + n + "x" + k);
                    assertArrayEquals(c1.floats(), c3.floats(), "1 vs 3 threads " + m + "x" + n + "x" + k);
                    Tensor again = c.copy();
                    two.gemm(a, ta, b, tb, again, accumulate);
                    assertArrayEquals(c2.floats(), again.floats(), "repeat");
                }
            }
        }
    }

    @Test
    void aRowAloneEqualsTheSameRowOfABatch() {
        Random random = new Random(5);
        for (int[] s : new int[][] {{128, 50, 784}, {20, 1024, 1024}, {9, 10, 50}, {9, 37, 1500}, {8, 17, 1100}, {7, 70, 1100}, {7, 81, 300}, {7, 100, 1030},
                {8, 55, 784}, {8, 13, 128}, {8, 6, 20}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            Tensor a = KernelsTest.random(DType.FLOAT32, m, k, random);
            Tensor b = KernelsTest.random(DType.FLOAT32, k, n, random);
            Tensor c = Tensor.zeros(DType.FLOAT32, m, n);
            two.gemm(a, false, b, false, c, false);
            for (int i = 0; i < m; i += 7) {
                Tensor row = Tensor.zeros(DType.FLOAT32, 1, k);
                System.arraycopy(a.floats(), i * k, row.floats(), 0, k);
                Tensor out = Tensor.zeros(DType.FLOAT32, 1, n);
                two.gemm(row, false, b, false, out, false);
                float[] expected = new float[n];
                System.arraycopy(c.floats(), i * n, expected, 0, n);
                assertArrayEquals(expected, out.floats(), "row " + i + " of " + m + "x" + n + "x" + k);
            }
        }
    }

    @Test
    void aFewRowsAddedIntoCEqualThoseRowsOfABatchAdded() {
        // widths whose last vectors go three (or three and two) at a time, at 8 and at 16 lanes,
        // and rows of exactly four 16-float or seven 8-float vectors (one slice at a time);
        // depths of one to eight slices; rows narrower than a vector, and of three vectors and
        // one or two columns (at 16 lanes a vector reading past each row of b, the last rows of
        // b lane by lane: k of 1 to 128, b smaller than one vector)
        Random random = new Random(6);
        for (int[] s : new int[][] {{4, 48, 784}, {3, 50, 784}, {2, 56, 600}, {1, 37, 1500}, {4, 70, 900}, {1, 100, 120},
                {2, 24, 257}, {1, 23, 50}, {1, 64, 300}, {2, 49, 1000}, {1, 52, 130}, {4, 63, 129}, {1, 55, 784},
                {4, 10, 50}, {1, 10, 128}, {3, 15, 128}, {2, 4, 100}, {1, 9, 1}, {2, 5, 3}, {1, 12, 2}, {1, 7, 129},
                {3, 3, 60}, {1, 49, 130}, {4, 50, 1}, {2, 50, 2}, {1, 49, 3}, {3, 50, 129}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            Tensor a = KernelsTest.random(DType.FLOAT32, 64, k, random);
            Tensor b = KernelsTest.random(DType.FLOAT32, k, n, random);
            Tensor c = KernelsTest.random(DType.FLOAT32, 64, n, random);
            Tensor few = Tensor.zeros(DType.FLOAT32, m, k);
            Tensor out = Tensor.zeros(DType.FLOAT32, m, n);
            System.arraycopy(a.floats(), 0, few.floats(), 0, m * k);
            System.arraycopy(c.floats(), 0, out.floats(), 0, m * n);
            two.gemm(a, false, b, false, c, true);
            two.gemm(few, false, b, false, out, true);
            float[] expected = new float[m * n];
            System.arraycopy(c.floats(), 0, expected, 0, m * n);
            assertArrayEquals(expected, out.floats(), m + "x" + n + "x" + k + " added");
            two.gemm(few, false, b, false, out, false);
            two.gemm(a, false, b, false, c, false);
            System.arraycopy(c.floats(), 0, expected, 0, m * n);
            assertArrayEquals(expected, out.floats(), m + "x" + n + "x" + k);
        }
    }

    @Test
    void concurrentCallersShareThePoolAndGetTheSameBits() throws Exception {
        Random random = new Random(11);
        Tensor a = KernelsTest.random(DType.FLOAT32, 70, 300, random);
        Tensor b = KernelsTest.random(DType.FLOAT32, 300, 90, random);
        Tensor expected = Tensor.zeros(DType.FLOAT32, 70, 90);
        one.gemm(a, false, b, false, expected, false);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(callers.submit(() -> {
                    Tensor c = Tensor.zeros(DType.FLOAT32, 70, 90);
                    for (int rep = 0; rep < 50; rep++) {
                        two.gemm(a, false, b, false, c, false);
                        assertArrayEquals(expected.floats(), c.floats());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void leakyReluGivesThePlainLoopsBits() {
        Random random = new Random(3);
        Kernels plain = Kernels.plain();
        for (double slope : new double[] {0.0, 0.01, 0.3}) {
            for (int n : new int[] {1, 15, 16, 17, 33, 6400, 1031, 40_007, 131_072}) {
                Tensor x = KernelsTest.random(DType.FLOAT32, 1, n, random);
                Tensor g = KernelsTest.random(DType.FLOAT32, 1, n, random);
                float[] xf = x.floats();
                xf[0] = -0f;
                if (n > 3) {
                    xf[1] = 0f;
                    xf[2] = Float.NaN;
                    xf[3] = Float.NEGATIVE_INFINITY;
                }
                if (n > 5) {
                    xf[4] = Float.POSITIVE_INFINITY;
                    xf[5] = -Float.MIN_VALUE;
                }
                Tensor y1 = Tensor.zeros(DType.FLOAT32, 1, n);
                Tensor y2 = Tensor.zeros(DType.FLOAT32, 1, n);
                float s = (float) slope;
                float[] select = new float[n];
                float[] selectBack = new float[n];
                for (int i = 0; i < n; i++) {
                    select[i] = xf[i] > 0f ? xf[i] : s * xf[i];
                    selectBack[i] = xf[i] > 0f ? g.floats()[i] : s * g.floats()[i];
                }
                plain.leakyRelu(x, y1, slope);
                one.leakyRelu(x, y2, slope);
                assertArrayEquals(select, y1.floats(), "plain forward n=" + n + " slope=" + slope);
                assertArrayEquals(select, y2.floats(), "forward n=" + n + " slope=" + slope);
                plain.leakyReluBackward(x, g, y1, slope);
                one.leakyReluBackward(x, g, y2, slope);
                assertArrayEquals(selectBack, y1.floats(), "plain backward n=" + n + " slope=" + slope);
                assertArrayEquals(selectBack, y2.floats(), "backward n=" + n + " slope=" + slope);
            }
        }
    }

    @Test
    void splitLeakyReluGivesThePlainLoopsBits() {
        // from RELU_PARALLEL_MIN elements the rectifier runs one range per pool thread: the same
        // bits as the plain loop for every thread count, whatever the tail after the last 64
        Random random = new Random(11);
        Kernels plain = Kernels.plain();
        int min = VectorKernels.RELU_PARALLEL_MIN;
        KernelWarmUp.awaitAll(); // the backward keeps the scalar loop while the warm-up compiles the vector one
        for (double slope : new double[] {0.0, 0.01}) {
            for (int n : new int[] {min, min + 1, min + 63, 3 * min + 17}) {
                Tensor x = KernelsTest.random(DType.FLOAT32, 1, n, random);
                Tensor g = KernelsTest.random(DType.FLOAT32, 1, n, random);
                x.floats()[n - 1] = -0f;
                x.floats()[n / 2] = Float.NaN;
                Tensor expected = Tensor.zeros(DType.FLOAT32, 1, n);
                Tensor expectedBack = Tensor.zeros(DType.FLOAT32, 1, n);
                plain.leakyRelu(x, expected, slope);
                plain.leakyReluBackward(x, g, expectedBack, slope);
                for (Kernels k : new Kernels[] {two, three}) {
                    Tensor y = Tensor.zeros(DType.FLOAT32, 1, n);
                    Tensor dx = Tensor.zeros(DType.FLOAT32, 1, n);
                    k.leakyRelu(x, y, slope);
                    k.leakyReluBackward(x, g, dx, slope);
                    assertArrayEquals(expected.floats(), y.floats(), k + " forward n=" + n + " slope=" + slope);
                    assertArrayEquals(expectedBack.floats(), dx.floats(), k + " backward n=" + n + " slope=" + slope);
                }
            }
        }
    }

    @Test
    void splitAxpyGivesThePlainLoopsBits() {
        Random random = new Random(5);
        for (int[] s : new int[][] {{600, 1100}, {1024, 1024}, {4000, 70}}) {
            Tensor x = KernelsTest.random(DType.FLOAT32, s[0], s[1], random);
            Tensor y = KernelsTest.random(DType.FLOAT32, s[0], s[1], random);
            Tensor expected = y.copy();
            Kernels.plain().axpy(-0.037, x, expected);
            Tensor y3 = y.copy();
            two.axpy(-0.037, x, y);
            three.axpy(-0.037, x, y3);
            assertArrayEquals(expected.floats(), y.floats(), "2 threads " + s[0] + "x" + s[1]);
            assertArrayEquals(expected.floats(), y3.floats(), "3 threads " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void float64FallsBackToPlainLoops() {
        Tensor a = Tensor.of(DType.FLOAT64, new double[][] {{1, 2}, {3, 4}});
        Tensor c = Tensor.zeros(DType.FLOAT64, 2, 2);
        one.gemm(a, false, a, false, c, false);
        assertEquals(22.0, c.get(1, 1));
        assertNotNull(Kernels.active());
    }

    @Test
    void warmUpRunsEveryShapeItNamesWithoutFailing() {
        // the background warm-up swallows exceptions (it is only a warm-up), so a shape that
        // outgrew its scratch arrays would silently stop it early: run it here, where it may throw
        KernelWarmUp.Rotation rotation = new KernelWarmUp.Rotation();
        KernelWarmUp.products(rotation, KernelWarmUp.allocationCounter());
        KernelWarmUp.elementwise();
        KernelWarmUp.relu(KernelWarmUp.allocationCounter());
    }

    @Test
    void theTileAndTheMultiplyAddFollowTheInstructionLevel() throws Exception {
        // surefire runs this class at the machine's widest level, at -XX:UseAVX=2 and at -XX:UseAVX=0
        boolean wide = KernelChoice.S.vectorBitSize() >= 512 && Integer.getInteger("chainrule.gemm.vectors", 4) >= 4;
        assertEquals(wide ? 4 : 2, KernelChoice.NV, KernelChoice.describe());
        assertEquals(KernelChoice.NV * KernelChoice.L, KernelChoice.NR);
        String useFma = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue();
        assertEquals(Boolean.parseBoolean(useFma), KernelChoice.FMA, KernelChoice.describe());
    }

    @Test
    void gemmStepHasTheBitsOfGemmThenAxpy() {
        Random random = new Random(17);
        int[][] shapes = {{784, 50, 128}, {50, 10, 128}, {1024, 1024, 128}, {70, 130, 256}, {13, 47, 100}, {5, 3, 1}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (Kernels kernels : new Kernels[] {one, two, three}) {
                for (boolean ta : new boolean[] {false, true}) {
                    if (!ta && k > BlockedProduct.KC) {
                        continue;
                    }
                    Tensor a = KernelsTest.random(DType.FLOAT32, ta ? k : m, ta ? m : k, random);
                    Tensor b = KernelsTest.random(DType.FLOAT32, k, n, random);
                    Tensor w = KernelsTest.random(DType.FLOAT32, m, n, random);
                    Tensor expected = w.copy();
                    Tensor g = Tensor.zeros(DType.FLOAT32, m, n);
                    kernels.gemm(a, ta, b, false, g, false);
                    kernels.axpy(-0.1, g, expected);
                    assertTrue(kernels.gemmStep(-0.1, a, ta, b, false, w), "one slice is fused");
                    assertArrayEquals(expected.floats(), w.floats(), 0f, m + "x" + n + "x" + k + " ta=" + ta + " " + kernels);
                }
            }
        }
        Tensor deep = Tensor.zeros(DType.FLOAT32, BlockedProduct.KC_T + 1, 4);
        assertFalse(two.gemmStep(-0.1, deep, true, Tensor.zeros(DType.FLOAT32, BlockedProduct.KC_T + 1, 3), false,
                Tensor.zeros(DType.FLOAT32, 4, 3)), "more than one slice is refused");
    }

    /**
     * The product and the fused step of a band of the weight's columns, computed alone (often a
     * narrower fringe tile), equal those columns of the whole layer's, bit for bit: the tile
     * width never changes an element's sum.
     */
    @Test
    void aColumnBandAloneEqualsThoseColumnsOfTheWholeProduct() {
        Random random = new Random(23);
        for (int[] s : new int[][] {{128, 50, 784, 25}, {96, 50, 784, 25}, {128, 100, 300, 50}, {13, 40, 60, 7}, {128, 10, 50, 5}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            int split = s[3];
            Tensor x = KernelsTest.random(DType.FLOAT32, m, k, random);
            Tensor w = KernelsTest.random(DType.FLOAT32, k, n, random);
            Tensor g = KernelsTest.random(DType.FLOAT32, m, n, random);
            Tensor h = Tensor.zeros(DType.FLOAT32, m, n);
            one.gemm(x, false, w, false, h, false);
            Tensor stepped = w.copy();
            assertTrue(one.gemmStep(-0.1, x, true, g, false, stepped));
            for (int[] band : new int[][] {{0, split}, {split, n}}) {
                int cols = band[1] - band[0];
                Tensor wb = columns(w, band[0], cols);
                Tensor hb = Tensor.zeros(DType.FLOAT32, m, cols);
                one.gemm(x, false, wb, false, hb, false);
                String where = m + "x" + n + "x" + k + " columns " + band[0] + ".." + band[1];
                assertArrayEquals(columns(h, band[0], cols).floats(), hb.floats(), 0f, "forward " + where);
                assertTrue(one.gemmStep(-0.1, x, true, columns(g, band[0], cols), false, wb));
                assertArrayEquals(columns(stepped, band[0], cols).floats(), wb.floats(), 0f, "step " + where);
            }
        }
    }

    private static Tensor columns(Tensor t, int from, int cols) {
        Tensor out = Tensor.zeros(DType.FLOAT32, t.rows(), cols);
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(t.floats(), r * t.cols() + from, out.floats(), r * cols, cols);
        }
        return out;
    }
}
