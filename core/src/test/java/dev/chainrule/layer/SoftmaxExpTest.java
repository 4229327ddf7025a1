package dev.chainrule.layer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Softmax#exp(float)} against {@code Math.exp} over its domain and at its edges. */
class SoftmaxExpTest {

    @Test
    void withinThreeTenMillionthsOfMathExp() {
        double worst = 0;
        for (int i = 0; i <= 2_000_000; i++) {
            float x = -87.3f + 88f * i / 2_000_000; // -87.3 .. 0.7
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(Softmax.exp(x) - exact) / exact);
        }
        assertTrue(worst < 3e-7, "worst relative error " + worst);
        assertEquals(1f, Softmax.exp(0f));
        assertEquals(1f, Softmax.exp(-0f));
    }

    @Test
    void edges() {
        assertEquals(0f, Softmax.exp(-88f));
        assertEquals(0f, Softmax.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(Softmax.exp(Float.NaN)));
        double e88 = Math.exp(88);
        assertEquals(1, Softmax.exp(88f) / e88, 3e-7);
    }
}
