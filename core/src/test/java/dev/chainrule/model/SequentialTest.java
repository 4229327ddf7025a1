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
        assertTrue(e.getMessage().contains("dense_1") && e.getMessage().contains("3 inputs"), e.getMessage());
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
}
