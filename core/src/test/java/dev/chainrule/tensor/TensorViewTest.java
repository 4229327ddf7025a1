package dev.chainrule.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** N-dimensional tensors: the batch in front, a two-dimensional view for dense layers, reshape without a copy. */
class TensorViewTest {

    @Test
    void aBatchOfImagesIsTheMatrixOfItsFlattenedExamples() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 2, Shape.image(3, 4, 5));
        assertArrayEquals(new int[] {2, 3, 4, 5}, t.dims());
        assertEquals(4, t.rank());
        assertEquals(2, t.rows());
        assertEquals(60, t.cols());
        assertEquals(120, t.size());
        assertEquals(Shape.image(3, 4, 5), t.exampleShape());
        assertEquals("[2, 3, 4, 5]", t.shape());
        // element (b, c, h, w) is row b, column (c * 4 + h) * 5 + w
        t.set(1, (2 * 4 + 3) * 5 + 4, 7);
        assertEquals(7, t.floats()[119]);
    }

    @Test
    void reshapeSharesTheStorage() {
        Tensor flat = Tensor.of(DType.FLOAT64, new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        Tensor images = flat.reshape(Shape.image(1, 2, 2));
        assertArrayEquals(new int[] {2, 1, 2, 2}, images.dims());
        assertSame(flat.doubles(), images.doubles());
        images.setFlat(5, -6);
        assertEquals(-6, flat.get(1, 1));
        Tensor back = images.reshape(2, 4);
        assertTrue(back.sameBits(flat));
        assertFalse(images.sameBits(flat), "same values, other dimensions");
        ShapeException e = assertThrows(ShapeException.class, () -> flat.reshape(3, 3));
        assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("[3, 3]"), e.getMessage());
        assertThrows(ShapeException.class, () -> flat.reshape(Shape.image(1, 3, 3)));
    }

    @Test
    void copiesAndConversionsKeepTheDimensions() {
        Tensor t = Tensor.zeros(DType.FLOAT32, new int[] {2, 2, 3});
        t.setFlat(11, 1.5);
        assertArrayEquals(new int[] {2, 2, 3}, t.copy().dims());
        Tensor d = t.to(DType.FLOAT64);
        assertArrayEquals(new int[] {2, 2, 3}, d.dims());
        assertEquals(1.5, d.getFlat(11));
        assertTrue(t.copy().sameBits(t));
    }

    @Test
    void rankOneIsARowAndEmptyBatchesKeepTheirWidth() {
        Tensor v = Tensor.wrap(new float[] {1, 2, 3}, new int[] {3});
        assertEquals(1, v.rows());
        assertEquals(3, v.cols());
        Tensor empty = Tensor.zeros(DType.FLOAT32, 0, Shape.image(1, 2, 2));
        assertEquals(0, empty.rows());
        assertEquals(4, empty.cols());
        assertThrows(ShapeException.class, () -> Tensor.wrap(new double[5], new int[] {2, 2}));
        assertThrows(ShapeException.class, () -> Tensor.zeros(DType.FLOAT32, new int[] {2, -1}));
    }

    @Test
    void theTwoDimensionalFactoriesAreUnchanged() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 3, 4);
        assertArrayEquals(new int[] {3, 4}, t.dims());
        assertEquals("[3, 4]", t.shape());
        assertEquals(Shape.vector(4), t.exampleShape());
    }
}
