package dev.chainrule.loss;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Loss#valueAndGradient} gives the same bits as value, probabilities and gradient called apart. */
class FusedStepTest {

    @ParameterizedTest
    @CsvSource({"half-sse,FLOAT32", "mse,FLOAT32", "softmax-ce,FLOAT32", "bce,FLOAT32", "bce-prob,FLOAT32",
            "half-sse,FLOAT64", "softmax-ce,FLOAT64", "bce,FLOAT64"})
    void fusedEqualsSeparate(String name, DType dtype) {
        Loss loss = Loss.named(name);
        Random random = new Random(3);
        int rows = 7;
        int cols = 4;
        Tensor raw = Tensor.zeros(dtype, rows, cols);
        Tensor target = Tensor.zeros(dtype, rows, cols);
        for (int r = 0; r < rows; r++) {
            target.set(r, random.nextInt(cols), 1);
            for (int c = 0; c < cols; c++) {
                raw.set(r, c, name.equals("bce-prob") ? 0.05 + 0.9 * random.nextDouble() : 3 * random.nextGaussian());
            }
        }
        Tensor p1 = Tensor.zeros(dtype, rows, cols);
        Tensor g1 = Tensor.zeros(dtype, rows, cols);
        double v1 = loss.value(raw, target);
        loss.probabilities(raw, p1);
        loss.gradient(raw, target, g1);
        Tensor p2 = Tensor.zeros(dtype, rows, cols);
        Tensor g2 = Tensor.zeros(dtype, rows, cols);
        double v2 = loss.valueAndGradient(raw, target, p2, g2);
        assertEquals(Double.doubleToLongBits(v1), Double.doubleToLongBits(v2));
        assertTrue(p1.sameBits(p2), "probabilities");
        assertTrue(g1.sameBits(g2), "gradient");
    }
}
