package dev.chainrule.tensor;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lowered convolution against the definition, computed here with plain loops in float64:
 * {@code y[b, o, i, j] = bias[o] + sum_{c, p, q} w[o, c, p, q] x[b, c, i s - pad + p d, j s - pad + q d]},
 * and its gradients written out from that sum.
 */
class Convolution2dTest {

    /** One geometry: channels in, input size, filters, window; and a batch that spans several groups. */
    record Case(String name, int inC, int inH, int inW, int outC, Window2d win, int batch) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("3x3 padding 1 (CNN-S's first layer)", 1, 8, 8, 4, Window2d.of(3, 1, 1, 1), 3),
                new Case("stride 2, no padding", 2, 9, 7, 3, Window2d.of(3, 2, 0, 1), 2),
                new Case("stride 2, padding 2", 3, 6, 6, 2, Window2d.of(3, 2, 2, 1), 2),
                new Case("dilation 2, padding 2", 2, 7, 8, 3, Window2d.of(3, 1, 2, 2), 2),
                new Case("same, 2x2 kernel (padding below and right)", 2, 5, 5, 2,
                        Window2d.same(2, 2, 1, 1, 1, 1, 5, 5), 2),
                new Case("same, stride 2, 4x3 kernel", 1, 7, 6, 2, Window2d.same(4, 3, 2, 2, 1, 1, 7, 6), 2),
                new Case("1x1 kernel", 5, 3, 3, 4, Window2d.of(1, 1, 0, 1), 2),
                new Case("many groups (a batch of 40 images of 6x6)", 2, 6, 6, 3, Window2d.of(3, 1, 1, 1), 40),
                // depth 16 * 9 = 144 over 128, 8 filters: float32's forward runs as col^T w^T (CNN-S's second layer)
                new Case("depth 144, 8 filters (transposed forward product)", 16, 5, 5, 8, Window2d.of(3, 1, 1, 1), 3),
                new Case("depth 144, 8 filters, many groups", 16, 5, 5, 8, Window2d.of(3, 1, 1, 1), 90));
    }

    @TestFactory
    Stream<DynamicTest> forwardAndBackwardMatchTheDefinition() {
        return cases().stream().flatMap(c -> Stream.of(DType.FLOAT64, DType.FLOAT32).map(dtype ->
                DynamicTest.dynamicTest(c.name() + " " + dtype, () -> check(c, dtype))));
    }

    private static void check(Case c, DType dtype) {
        Random random = new Random(c.name().hashCode());
        Window2d win = c.win();
        Convolution2d conv = new Convolution2d(c.inC(), c.inH(), c.inW(), c.outC(), win);
        int oh = win.outH(c.inH());
        int ow = win.outW(c.inW());
        assertEquals(oh, conv.outHeight());
        int kk = c.inC() * win.kernelH() * win.kernelW();
        double[][] x = random(c.batch(), c.inC() * c.inH() * c.inW(), random);
        double[][] w = random(c.outC(), kk, random);
        double[][] bias = random(1, c.outC(), random);
        double[][] dy = random(c.batch(), c.outC() * oh * ow, random);

        // the definition, in float64
        double[][] y = new double[c.batch()][c.outC() * oh * ow];
        double[][] dx = new double[c.batch()][c.inC() * c.inH() * c.inW()];
        double[][] dw = new double[c.outC()][kk];
        double[] db = new double[c.outC()];
        for (int b = 0; b < c.batch(); b++) {
            for (int o = 0; o < c.outC(); o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = (o * oh + i) * ow + j;
                        double s = bias[0][o];
                        db[o] += dy[b][yi];
                        for (int ch = 0; ch < c.inC(); ch++) {
                            for (int p = 0; p < win.kernelH(); p++) {
                                for (int q = 0; q < win.kernelW(); q++) {
                                    int r = i * win.strideH() - win.padTop() + p * win.dilationH();
                                    int cc = j * win.strideW() - win.padLeft() + q * win.dilationW();
                                    if (r < 0 || r >= c.inH() || cc < 0 || cc >= c.inW()) {
                                        continue;
                                    }
                                    int xi = (ch * c.inH() + r) * c.inW() + cc;
                                    int wi = (ch * win.kernelH() + p) * win.kernelW() + q;
                                    s += w[o][wi] * x[b][xi];
                                    dw[o][wi] += dy[b][yi] * x[b][xi];
                                    dx[b][xi] += dy[b][yi] * w[o][wi];
                                }
                            }
                        }
                        y[b][yi] = s;
                    }
                }
            }
        }

        Tensor tx = Tensor.of(dtype, x).reshape(c.batch(), c.inC(), c.inH(), c.inW());
        Tensor tw = Tensor.of(dtype, w).reshape(c.outC(), c.inC(), win.kernelH(), win.kernelW());
        Tensor tb = Tensor.of(dtype, bias);
        Tensor ty = Tensor.zeros(dtype, new int[] {c.batch(), c.outC(), oh, ow});
        conv.forward(tx, tw, tb, ty);
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
        assertClose(y, ty, tol, "output");

        Tensor tdy = Tensor.of(dtype, dy).reshape(ty.dims());
        Tensor before = tdy.copy();
        Tensor tdw = Tensor.zeros(dtype, tw.dims());
        Tensor tdb = Tensor.zeros(dtype, 1, c.outC());
        Tensor tdx = Tensor.zeros(dtype, tx.dims());
        tdx.fillZero();
        conv.backward(tx, tw, tdy, tdw, tdb, tdx);
        assertTrue(before.sameBits(tdy), "backward leaves dy alone");
        assertClose(dx, tdx, tol, "input gradient");
        assertClose(dw, tdw, tol * 10, "weight gradient");
        assertClose(new double[][] {db}, tdb, tol * 10, "bias gradient");

        // without bias and without the input gradient: the same weight gradient, bit for bit
        Tensor again = Tensor.zeros(dtype, tw.dims());
        conv.forward(tx, tw, null, ty);
        double[][] noBias = new double[c.batch()][];
        for (int b = 0; b < c.batch(); b++) {
            noBias[b] = y[b].clone();
            for (int i = 0; i < noBias[b].length; i++) {
                noBias[b][i] -= bias[0][i / (oh * ow)];
            }
        }
        assertClose(noBias, ty, tol, "output without bias");
        conv.backward(tx, tw, tdy, again, null, null);
        assertTrue(again.sameBits(tdw));
    }

    private static void assertClose(double[][] expected, Tensor actual, double tol, String what) {
        for (int r = 0; r < expected.length; r++) {
            for (int j = 0; j < expected[r].length; j++) {
                double e = expected[r][j];
                double a = actual.getFlat(r * expected[r].length + j);
                assertEquals(e, a, tol * Math.max(1, Math.abs(e)), what + " at (" + r + ", " + j + ")");
            }
        }
    }

    private static double[][] random(int rows, int cols, Random random) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return m;
    }

    @Test
    void theSameBitsForEveryThreadCount() {
        Kernels saved = Kernels.active();
        Random random = new Random(3);
        Tensor x = Tensor.zeros(DType.FLOAT32, new int[] {12, 16, 14, 14});
        Tensor w = Tensor.zeros(DType.FLOAT32, new int[] {32, 16, 3, 3});
        Tensor bias = Tensor.zeros(DType.FLOAT32, 1, 32);
        Tensor dy = Tensor.zeros(DType.FLOAT32, new int[] {12, 32, 14, 14});
        for (Tensor t : new Tensor[] {x, w, bias, dy}) {
            for (int i = 0; i < t.size(); i++) {
                t.setFlat(i, random.nextGaussian());
            }
        }
        Tensor[] first = null;
        try {
            for (int threads = 1; threads <= 3; threads++) {
                Kernels k = Kernels.vector(threads);
                if (k != null) {
                    Kernels.use(k);
                }
                Convolution2d conv = new Convolution2d(16, 14, 14, 32, Window2d.of(3, 1, 1, 1), new TaskPool(threads));
                Tensor y = Tensor.zeros(DType.FLOAT32, dy.dims());
                Tensor dw = Tensor.zeros(DType.FLOAT32, w.dims());
                Tensor db = Tensor.zeros(DType.FLOAT32, 1, 32);
                Tensor dx = Tensor.zeros(DType.FLOAT32, x.dims());
                conv.forward(x, w, bias, y);
                conv.backward(x, w, dy, dw, db, dx);
                if (first == null) {
                    first = new Tensor[] {y, dw, db, dx};
                    assertTrue(12 > conv.group(), "the batch spans several groups");
                } else {
                    Tensor[] now = {y, dw, db, dx};
                    for (int i = 0; i < now.length; i++) {
                        assertTrue(first[i].sameBits(now[i]), threads + " threads, result " + i);
                    }
                }
            }
        } finally {
            Kernels.use(saved);
        }
    }

    /** A model's kernels decide how many threads its convolutions and poolings split over (one per Spark task). */
    @Test
    void theKernelsDecideTheThreadsOfConvolutionAndPooling() {
        Random random = new Random(5);
        Tensor x = Tensor.zeros(DType.FLOAT32, new int[] {6, 4, 10, 10});
        Tensor w = Tensor.zeros(DType.FLOAT32, new int[] {8, 4, 3, 3});
        for (Tensor t : new Tensor[] {x, w}) {
            for (int i = 0; i < t.size(); i++) {
                t.setFlat(i, random.nextGaussian());
            }
        }
        Tensor[] outputs = new Tensor[2];
        for (int threads : new int[] {3, 1}) {
            Convolution2d conv = new Convolution2d(4, 10, 10, 8, Window2d.of(3, 1, 1, 1), TaskPool.withThreads(2));
            Pooling2d pool = new Pooling2d(8, 10, 10, Window2d.of(2, 2, 0, 1), TaskPool.withThreads(2));
            conv.useKernels(threadsOf(threads));
            pool.useKernels(threadsOf(threads));
            assertEquals(threads, conv.threads());
            assertEquals(threads, pool.threads());
            Tensor y = Tensor.zeros(DType.FLOAT32, new int[] {6, 8, 10, 10});
            conv.forward(x, w, null, y);
            Tensor pooled = Tensor.zeros(DType.FLOAT32, new int[] {6, 8, 5, 5});
            pool.maxTraining(y, pooled, new int[pooled.size()]);
            outputs[threads == 3 ? 0 : 1] = pooled;
        }
        assertTrue(outputs[0].sameBits(outputs[1]), "3 threads and 1 give the same bits");
        assertEquals(1, TaskPool.withThreads(1).threads());
        assertTrue(TaskPool.withThreads(3) == TaskPool.withThreads(3), "one pool per count, kept");
    }

    private static Kernels threadsOf(int threads) {
        return new JavaKernels() {
            @Override
            public int threads() {
                return threads;
            }
        };
    }

    @Test
    void aKernelLargerThanThePaddedInputIsRefusedWithBothSizes() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> new Convolution2d(1, 4, 4, 2, Window2d.of(7, 1, 1, 1)));
        assertTrue(e.getMessage().contains("7x7") && e.getMessage().contains("4x4") && e.getMessage().contains("6x6"),
                e.getMessage());
    }

    @Test
    void wrongShapesNameTheExpectedOne() {
        Convolution2d conv = new Convolution2d(2, 5, 5, 3, Window2d.of(3, 1, 0, 1));
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 49);
        Tensor w = Tensor.zeros(DType.FLOAT32, new int[] {3, 2, 3, 3});
        ShapeException e = assertThrows(ShapeException.class,
                () -> conv.forward(x, w, null, Tensor.zeros(DType.FLOAT32, 2, 27)));
        assertTrue(e.getMessage().contains("[batch, 2, 5, 5]") && e.getMessage().contains("[2, 49]"), e.getMessage());
    }
}
