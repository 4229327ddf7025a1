package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    static Dataset data(DType dtype) {
        Tensor x = Tensor.zeros(dtype, 5, 7);
        Tensor t = Tensor.zeros(dtype, 5, 2);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 7; j++) {
                x.set(i, j, i * 10 + j);
            }
            t.set(i, i % 2, 1);
        }
        return new Dataset("d", x, t, List.of("a", "b"));
    }

    @Test
    void prefetchReadsAndChangesNothing() {
        for (DType dtype : DType.values()) {
            Dataset d = data(dtype);
            Tensor before = d.features().copy();
            int[] rows = {4, 0, 2, 1, 3};
            assertEquals(d.prefetch(rows, 1, 4), d.prefetch(rows, 1, 4));
            assertTrue(before.sameBits(d.features()), dtype.toString());
            Tensor x = Tensor.zeros(dtype, 3, 7);
            Tensor t = Tensor.zeros(dtype, 3, 2);
            d.gather(rows, 1, 4, x, t);
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6}, x.rowAsDoubles(0));
            assertArrayEquals(new double[] {20, 21, 22, 23, 24, 25, 26}, x.rowAsDoubles(1));
        }
    }

    @Test
    void aCheckedDataSetIsNotScannedAgainButABadOneIsNamed() {
        Dataset d = data(DType.FLOAT32);
        d.checkFinite();
        d.checkFinite();
        Dataset bad = data(DType.FLOAT64);
        bad.features().set(3, 5, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::checkFinite);
        assertTrue(e.getMessage().contains("row 4, column 6"), e.getMessage());
    }

    @Test
    void nullArgumentsAreMessagesNotNullPointers() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 4, 2);
        Tensor y = Tensor.zeros(DType.FLOAT64, 4, 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Dataset("xor", x, y, null));
        assertTrue(e.getMessage().contains("data set xor: class names are null"), e.getMessage());
        assertTrue(e.getMessage().contains("List.of()"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Dataset("xor", null, y, List.of("0", "1")));
        assertTrue(e.getMessage().contains("data set xor: features are null"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Dataset("xor", x, null, List.of("0", "1")));
        assertTrue(e.getMessage().contains("targets are null"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Dataset(null, x, y, List.of()));
        assertTrue(e.getMessage().contains("needs a name"), e.getMessage());
    }
}
