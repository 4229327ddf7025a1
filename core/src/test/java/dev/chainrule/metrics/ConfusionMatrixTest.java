package dev.chainrule.metrics;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {
    @Test
    void countsAndScoresByHand() {
        // true: 0, 0, 1, 1, 2 ; predicted: 0, 1, 1, 1, 0
        Tensor p = Tensor.of(DType.FLOAT32, new double[][] {{.8, .1, .1}, {.2, .7, .1}, {.1, .8, .1}, {0, 1, 0}, {.5, .2, .3}});
        Tensor t = Tensor.of(DType.FLOAT32, new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
        ConfusionMatrix m = ConfusionMatrix.of(p, t);
        assertEquals(1, m.count(0, 0));
        assertEquals(1, m.count(0, 1));
        assertEquals(2, m.count(1, 1));
        assertEquals(1, m.count(2, 0));
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(2.0 / 3, m.precision(1), 1e-12);
        assertEquals(1.0, m.recall(1), 1e-12);
        assertEquals(0.8, m.f1(1), 1e-12);
        assertTrue(Double.isNaN(m.precision(2)));
        assertEquals(0.0, m.recall(2));
        assertEquals(Accuracy.of(p, t), m.accuracy(), 1e-12);
    }

    @Test
    void oneColumnIsTwoClasses() {
        Tensor p = Tensor.of(DType.FLOAT32, new double[][] {{.9}, {.2}, {.6}});
        Tensor t = Tensor.of(DType.FLOAT32, new double[][] {{1}, {0}, {0}});
        ConfusionMatrix m = ConfusionMatrix.of(p, t);
        assertEquals(2, m.classes());
        assertEquals(1, m.count(0, 1));
        assertEquals(1, m.count(1, 1));
    }
}
