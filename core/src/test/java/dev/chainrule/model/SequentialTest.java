package dev.chainrule.model;

import dev.chainrule.loss.Loss;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {

    @Test
    void outputLayerMustFitTheLoss() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Sequential.builder(4).dense(3).softmax().loss(new SoftmaxCrossEntropy()).build());
        assertTrue(e.getMessage().contains("softmax-ce") && e.getMessage().contains("softmax layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Sequential.builder(4).dense(1).loss(Loss.named("bce-prob")).build());
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Sequential.builder(4).dense(1).sigmoid().loss(Loss.named("bce")).build());
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.named("hinge"));
    }

    @Test
    void givenWeightsOfTheWrongShapeNameTheLayer() {
        ShapeException e = assertThrows(ShapeException.class, () ->
                Sequential.builder(3).dense(new double[][] {{1, 2}, {3, 4}}, null).build());
        assertTrue(e.getMessage().contains("dense_1") && e.getMessage().contains("expected [3, 2]"), e.getMessage());
    }

    @Test
    void inputOfTheWrongWidthIsRefused() {
        Sequential net = Sequential.builder(3).dense(2).loss(new SoftmaxCrossEntropy()).build();
        ShapeException e = assertThrows(ShapeException.class, () -> net.predict(Tensor.zeros(DType.FLOAT32, 1, 4)));
        assertTrue(e.getMessage().contains("3 input features") && e.getMessage().contains("[1, 4]"), e.getMessage());
    }

    @Test
    void predictGivesProbabilitiesThatSumToOne() {
        Sequential net = Sequential.builder(3).seed(2).dense(4).relu().dense(5).loss(new SoftmaxCrossEntropy()).build();
        Tensor p = net.predict(Tensor.of(DType.FLOAT32, new double[][] {{1, 2, 3}, {-1, 0, 1}}));
        for (int r = 0; r < 2; r++) {
            double sum = 0;
            for (int c = 0; c < 5; c++) {
                sum += p.get(r, c);
            }
            assertEquals(1.0, sum, 1e-6);
        }
        assertEquals(4 * 3 + 4 + 5 * 4 + 5, net.parameterCount());
    }

    @Test
    void largeBatchesArePredictedInChunksWithTheSameBits() {
        Sequential net = Sequential.builder(6).seed(4).dense(9).relu().dense(3).loss(new SoftmaxCrossEntropy()).build();
        int rows = Sequential.CHUNK_ROWS * 2 + 37;
        Tensor x = Tensor.zeros(DType.FLOAT32, rows, 6);
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        Tensor all = net.predictRaw(x);
        assertEquals(rows, all.rows());
        for (int r : new int[] {0, Sequential.CHUNK_ROWS - 1, Sequential.CHUNK_ROWS, rows - 1}) {
            Tensor one = Tensor.zeros(DType.FLOAT32, 1, 6);
            for (int c = 0; c < 6; c++) {
                one.set(0, c, x.get(r, c));
            }
            Tensor single = net.predictRaw(one);
            for (int c = 0; c < 3; c++) {
                assertEquals(Float.floatToIntBits((float) single.get(0, c)), Float.floatToIntBits((float) all.get(r, c)),
                        "row " + r + " column " + c);
            }
        }
    }

    @Test
    void wideLayersArePredictedInSmallerChunksWithTheSameBits() {
        // 5,000 units: a chunk's buffers stay within the workspace bound at 838 rows, not 1,024
        Sequential net = Sequential.builder(6).seed(4).dense(5000).relu().dense(3).loss(new SoftmaxCrossEntropy()).build();
        int rows = Sequential.CHUNK_ROWS + 37;
        Tensor x = Tensor.zeros(DType.FLOAT32, rows, 6);
        java.util.Random random = new java.util.Random(9);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        Tensor all = net.predictRaw(x);
        assertEquals(rows, all.rows());
        for (int r : new int[] {0, 837, 838, Sequential.CHUNK_ROWS, rows - 1}) {
            Tensor one = Tensor.zeros(DType.FLOAT32, 1, 6);
            for (int c = 0; c < 6; c++) {
                one.set(0, c, x.get(r, c));
            }
            Tensor single = net.predictRaw(one);
            for (int c = 0; c < 3; c++) {
                assertEquals(Float.floatToIntBits((float) single.get(0, c)), Float.floatToIntBits((float) all.get(r, c)),
                        "row " + r + " column " + c);
            }
        }
    }

    @Test
    void builderDropoutIsSeededAndOffWhenPredicting() {
        Sequential a = Sequential.builder(4).seed(5).dense(8).relu().dropout(0.5).dense(2)
                .loss(new SoftmaxCrossEntropy()).build();
        Sequential b = Sequential.builder(4).seed(5).dense(8).relu().dropout(0.5).dense(2)
                .loss(new SoftmaxCrossEntropy()).build();
        Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{1, 2, 3, 4}, {-1, 0, 1, 2}});
        assertTrue(a.forward(x, true).sameBits(b.forward(x, true)), "same seed, same dropout mask");
        assertTrue(a.predict(x).sameBits(a.predict(x)), "no dropout when predicting");
        assertEquals("dropout", a.layers().get(2).type());
    }
}
