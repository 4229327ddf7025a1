package dev.chainrule.layer;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {

    static Tensor ones(int rows, int cols) {
        Tensor t = Tensor.zeros(DType.FLOAT32, rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, 1);
        }
        return t;
    }

    @Test
    void trainingDropsAboutRateAndScalesTheRest() {
        Dropout d = new Dropout(0.25, 1);
        Tensor y = d.forward(ones(100, 100), true);
        int zeros = 0;
        for (int i = 0; i < y.size(); i++) {
            double v = y.getFlat(i);
            if (v == 0) {
                zeros++;
            } else {
                assertEquals((float) (1 / 0.75), (float) v);
            }
        }
        assertEquals(0.25, zeros / 10000.0, 0.02);
    }

    @Test
    void offAtEvaluationAndInInfer() {
        Dropout d = new Dropout(0.5, 1);
        Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{1, -2, 3}, {0.5, 0.25, -1}});
        assertTrue(d.forward(x, false).sameBits(x));
        Tensor a = Tensor.zeros(DType.FLOAT32, 2, 3);
        Tensor b = Tensor.zeros(DType.FLOAT32, 2, 3);
        d.infer(x, a);
        d.forward(x, true);
        d.infer(x, b);
        assertTrue(a.sameBits(x) && b.sameBits(x));
    }

    @Test
    void backwardUsesTheForwardMaskAndLeavesItsArgument() {
        Dropout d = new Dropout(0.5, 7);
        Tensor y = d.forward(ones(4, 6), true).copy();
        Tensor g = ones(4, 6);
        Tensor dx = d.backward(g, true);
        assertTrue(dx.sameBits(y), "dL/dx = g * mask, and x was ones");
        assertTrue(g.sameBits(ones(4, 6)));
    }

    @Test
    void sameSeedSameMasksAndFreezing() {
        Tensor x = ones(3, 8);
        Dropout a = new Dropout(0.5, 11);
        Dropout b = new Dropout(0.5, 11);
        for (int i = 0; i < 3; i++) {
            assertTrue(a.forward(x, true).sameBits(b.forward(x, true)));
        }
        Dropout frozen = new Dropout(0.5, 11).freezeMask(true);
        Tensor first = frozen.forward(x, true).copy();
        assertTrue(frozen.forward(x, true).sameBits(first));
        Tensor fresh = new Dropout(0.5, 11).forward(x, true).copy();
        Dropout moving = new Dropout(0.5, 11);
        moving.forward(x, true);
        assertFalse(moving.forward(x, true).sameBits(fresh), "an unfrozen layer draws a new mask");
    }

    @Test
    void rateIsChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, 1));
        assertTrue(e.getMessage().contains("dropout rate") && e.getMessage().contains("1.0"));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, 1));
    }

    @Test
    void masksAreTheDrawsOfSplittableRandomAndCanBeSoughtTo() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(random.nextDouble(), dev.chainrule.tensor.ScalarMath.splitMixDouble(42, i), "draw " + i);
        }
        Dropout straight = new Dropout(0.3, 9);
        straight.forward(ones(7, 5), true);
        straight.forward(ones(3, 5), true);
        Tensor third = straight.forward(ones(7, 5), true).copy();
        assertEquals(85, straight.maskPosition());
        Dropout resumed = new Dropout(0.3, 9);
        resumed.seekMask(50);
        assertTrue(third.sameBits(resumed.forward(ones(7, 5), true)), "the mask at draw 50, bit for bit");
        assertThrows(IllegalArgumentException.class, () -> resumed.seekMask(-1));
    }

    @Test
    void onImagesTheMaskCoversEveryValueAndTheShapeStays() {
        Tensor x = Tensor.zeros(DType.FLOAT32, new int[] {6, 3, 8, 8});
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, 1 + i % 7);
        }
        Dropout d = new Dropout(0.25, 3);
        Tensor y = d.forward(x, true);
        assertEquals(java.util.Arrays.toString(x.dims()), java.util.Arrays.toString(y.dims()));
        int dropped = 0;
        for (int i = 0; i < y.size(); i++) {
            if (y.getFlat(i) == 0) {
                dropped++;
            } else {
                assertEquals(x.getFlat(i) / 0.75, y.getFlat(i), 1e-6 * x.getFlat(i), "kept values scaled by 1/(1-rate)");
            }
        }
        assertEquals(0.25, dropped / (double) y.size(), 0.03);
        Tensor g = Tensor.zeros(DType.FLOAT32, x.dims());
        for (int i = 0; i < g.size(); i++) {
            g.setFlat(i, 1);
        }
        Tensor dx = d.backward(g, true);
        assertEquals(java.util.Arrays.toString(x.dims()), java.util.Arrays.toString(dx.dims()));
        for (int i = 0; i < dx.size(); i++) {
            assertEquals(y.getFlat(i) == 0 ? 0f : (float) (1 / 0.75), (float) dx.getFlat(i), "value " + i);
        }
    }

    @Test
    void betweenConvolutionsInANetwork() {
        dev.chainrule.model.Sequential model = dev.chainrule.model.Sequential.builder(dev.chainrule.tensor.Shape.image(1, 6, 6))
                .seed(2).conv2d(3, 3, 1).relu().dropout(0.5).maxPool2d(2).flatten().dense(2)
                .loss(new dev.chainrule.loss.SoftmaxCrossEntropy()).build();
        assertEquals("[3, 6, 6]", model.outputShape(2).toString(), "dropout keeps the image shape");
        assertEquals("[3, 3, 3]", model.outputShape(3).toString());
        Tensor x = Tensor.zeros(DType.FLOAT32, 4, 36);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, (i * 37 % 11) / 11.0);
        }
        Tensor p = model.predict(x);
        assertEquals(4, p.rows());
    }
}
