package dev.chainrule.tensor;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Max and average pooling against their definitions, written out here in float64. */
class Pooling2dTest {

    static Stream<Window2d> windows() {
        return Stream.of(Window2d.of(2, 2, 0, 1), Window2d.of(3, 2, 1, 1), Window2d.of(3, 1, 0, 1),
                new Window2d(2, 3, 1, 2, 1, 1, 0, 1, 1, 1), Window2d.of(2, 1, 0, 2));
    }

    @TestFactory
    Stream<DynamicTest> maxAndAverageMatchTheirDefinitions() {
        return windows().flatMap(win -> Stream.of(DType.FLOAT64, DType.FLOAT32).map(dtype ->
                DynamicTest.dynamicTest(win + " " + dtype, () -> check(win, dtype))));
    }

    private static void check(Window2d win, DType dtype) {
        int batch = 2;
        int ch = 3;
        int h = 7;
        int w = 6;
        int oh = win.outH(h);
        int ow = win.outW(w);
        Random random = new Random(win.hashCode());
        Tensor x = Tensor.zeros(dtype, new int[] {batch, ch, h, w});
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextInt(7) - 3); // small integers: ties happen, sums are exact
        }
        Tensor dy = Tensor.zeros(dtype, new int[] {batch, ch, oh, ow});
        for (int i = 0; i < dy.size(); i++) {
            dy.setFlat(i, random.nextInt(9) - 4);
        }
        double[] maxY = new double[dy.size()];
        double[] avgY = new double[dy.size()];
        double[] maxDx = new double[x.size()];
        double[] avgDx = new double[x.size()];
        int count = win.kernelH() * win.kernelW();
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((b * ch + c) * oh + i) * ow + j;
                        double m = Double.NEGATIVE_INFINITY;
                        int arg = -1;
                        double s = 0;
                        for (int p = 0; p < win.kernelH(); p++) {
                            for (int q = 0; q < win.kernelW(); q++) {
                                int r = i * win.strideH() - win.padTop() + p * win.dilationH();
                                int cc = j * win.strideW() - win.padLeft() + q * win.dilationW();
                                if (r < 0 || r >= h || cc < 0 || cc >= w) {
                                    continue;
                                }
                                int xi = ((b * ch + c) * h + r) * w + cc;
                                if (arg < 0 || x.getFlat(xi) > m) { // the first largest
                                    m = x.getFlat(xi);
                                    arg = xi;
                                }
                                s += x.getFlat(xi);
                                avgDx[xi] += dy.getFlat(yi) / count;
                            }
                        }
                        maxY[yi] = m;
                        avgY[yi] = s / count;
                        maxDx[arg] += dy.getFlat(yi);
                    }
                }
            }
        }
        Pooling2d pool = new Pooling2d(ch, h, w, win);
        Tensor y = Tensor.zeros(dtype, dy.dims());
        Tensor dx = Tensor.zeros(dtype, x.dims());
        int[] argmax = new int[y.size()];
        pool.max(x, y, argmax);
        assertArrayEquals(maxY, y.to(DType.FLOAT64).doubles());
        pool.maxBackward(dy, argmax, dx);
        assertArrayEquals(maxDx, dx.to(DType.FLOAT64).doubles());
        pool.average(x, y);
        assertArrayEquals(avgY, y.to(DType.FLOAT64).doubles(), dtype == DType.FLOAT64 ? 1e-15 : 1e-6);
        pool.averageBackward(dy, dx);
        assertArrayEquals(avgDx, dx.to(DType.FLOAT64).doubles(), dtype == DType.FLOAT64 ? 1e-15 : 1e-6);
        Tensor inferred = Tensor.zeros(dtype, dy.dims());
        pool.max(x, inferred, null);
        pool.max(x, y, argmax);
        assertTrue(inferred.sameBits(y), "the pure path gives the training path's values");
        Pooling2d threaded = new Pooling2d(ch, h, w, win, new TaskPool(3));
        Tensor y3 = Tensor.zeros(dtype, dy.dims());
        int[] argmax3 = new int[y.size()];
        threaded.maxTraining(x, y3, argmax3);
        assertTrue(y3.sameBits(y) && java.util.Arrays.equals(argmax, argmax3), "3 threads, the same bits");
        Tensor dx3 = Tensor.zeros(dtype, x.dims());
        threaded.maxBackward(dy, argmax3, dx3);
        Tensor dx1 = Tensor.zeros(dtype, x.dims());
        pool.maxBackward(dy, argmax, dx1);
        assertTrue(dx3.sameBits(dx1), "3 threads, the same gradient");
    }

    @Test
    void aNaNWinsItsWindowAsInPyTorch() {
        Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{1, Double.NaN, 5, 2}});
        Pooling2d pool = new Pooling2d(1, 2, 2, Window2d.of(2, 2, 0, 1));
        Tensor y = Tensor.zeros(DType.FLOAT32, 1, 1);
        int[] arg = new int[1];
        pool.max(x, y, arg);
        assertTrue(Float.isNaN(y.floats()[0]));
        assertEquals(1, arg[0]);
    }

    @Test
    void aWindowThatDoesNotFitIsRefused() {
        ShapeException e = assertThrows(ShapeException.class, () -> new Pooling2d(1, 3, 3, Window2d.of(4, 4, 0, 1)));
        assertTrue(e.getMessage().contains("4x4") && e.getMessage().contains("3x3"), e.getMessage());
    }
}
