package dev.chainrule.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Window2dTest {

    @Test
    void outputSizesArePyTorchsFloorMode() {
        assertEquals(28, Window2d.of(3, 1, 1, 1).outH(28));
        assertEquals(14, Window2d.of(2, 2, 0, 1).outW(28));
        assertEquals(3, Window2d.of(3, 2, 0, 1).outH(7));   // floor((7 - 3) / 2) + 1
        assertEquals(3, Window2d.of(3, 1, 0, 2).outH(7));   // dilation 2 spans 5
        assertFalse(Window2d.of(5, 1, 0, 1).fits(4, 4));
    }

    @Test
    void samePaddingPutsTheOddRowBelow() {
        Window2d w = Window2d.same(2, 2, 1, 1, 1, 1, 5, 5);
        assertEquals(0, w.padTop());
        assertEquals(1, w.padBottom());
        assertEquals(5, w.outH(5));
        Window2d s = Window2d.same(3, 3, 2, 2, 1, 1, 28, 28);
        assertEquals(14, s.outH(28));
        assertEquals(14, s.outW(28));
        Window2d d = Window2d.same(3, 3, 1, 1, 2, 2, 9, 9);
        assertEquals(2, d.padTop());
        assertEquals(9, d.outH(9));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Window2d.of(0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Window2d.of(3, 1, -1, 1));
    }
}
