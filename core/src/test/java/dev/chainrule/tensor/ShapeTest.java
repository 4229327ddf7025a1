package dev.chainrule.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeTest {

    @Test
    void anImageShapeHasItsSizeAndPutsTheBatchInFront() {
        Shape s = Shape.image(1, 28, 28);
        assertEquals(784, s.size());
        assertEquals(3, s.rank());
        assertTrue(s.isImage());
        assertArrayEquals(new int[] {128, 1, 28, 28}, s.withBatch(128));
        assertEquals("[1, 28, 28]", s.toString());
        assertEquals(Shape.of(1, 28, 28), s);
        assertEquals(Shape.of(1, 28, 28).hashCode(), s.hashCode());
        assertNotEquals(Shape.vector(784), s);
    }

    @Test
    void isImmutable() {
        int[] dims = {3, 4};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        s.toArray()[1] = 9;
        assertEquals(Shape.of(3, 4), s);
    }

    @Test
    void parsesTheCommandLineForm() {
        assertEquals(Shape.of(1, 28, 28), Shape.parse("1,28,28"));
        assertEquals(Shape.of(3, 32, 32), Shape.parse(" [3, 32, 32] "));
        assertEquals(Shape.vector(784), Shape.parse("784"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.parse("1,x,28"));
        assertTrue(e.getMessage().contains("1,x,28") && e.getMessage().contains("1,28,28"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("1,0,28"));
        assertThrows(ShapeException.class, () -> Shape.of());
        assertThrows(ShapeException.class, () -> Shape.of(65536, 65536));
    }
}
