package dev.chainrule.model;

import dev.chainrule.layer.Conv2D;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network whose shapes do not fit is refused by {@code build()}, before any batch, in one line
 * that names the layer, the shape it got, the shape it needs and the fix.
 */
class ShapeMisfitTest {

    private static String refusal(Sequential.Builder b) {
        ShapeException e = assertThrows(ShapeException.class, () -> b.loss(new SoftmaxCrossEntropy()).build());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static void assertHas(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void aKernelLargerThanItsPaddedInput() {
        String m = refusal(Sequential.builder(Shape.image(1, 8, 8)).conv2d(Conv2D.Config.of(4, 9).padding(0))
                .flatten().dense(2));
        assertHas(m, "layer 1 (conv2d", "9x9 kernel", "[1, 8, 8]", "padded to 8x8", "smaller kernel, more padding");
        // dilation widens the kernel: 3x3 dilated by 4 spans 9x9; padding 1 makes the input 10x10, which fits
        m = refusal(Sequential.builder(Shape.image(2, 6, 6)).conv2d(Conv2D.Config.of(4, 3).dilation(4).padding(1))
                .flatten().dense(2));
        assertHas(m, "layer 1 (conv2d", "dilated to 9x9", "[2, 6, 6]", "padded to 8x8");
        Sequential.builder(Shape.image(2, 7, 7)).conv2d(Conv2D.Config.of(4, 3).dilation(4).padding(1)).flatten().dense(2)
                .loss(new SoftmaxCrossEntropy()).build();
    }

    @Test
    void aShapeThatDoesNotFitTheNextLayer() {
        // a pooling window larger than the convolution's output
        String m = refusal(Sequential.builder(Shape.image(1, 8, 8)).conv2d(4, 3, 0).relu().maxPool2d(8)
                .flatten().dense(2));
        assertHas(m, "layer 3 (maxpool2d", "8x8 pooling window", "[4, 6, 6]", "smaller window");
        // a convolution after the examples were flattened
        m = refusal(Sequential.builder(Shape.image(1, 8, 8)).flatten().conv2d(4, 3, 1).flatten().dense(2));
        assertHas(m, "layer 2 (conv2d", "[channels, height, width]", "got [64]", "\"input\": [1, 28, 28]");
        // pooling after the flatten
        m = refusal(Sequential.builder(Shape.image(3, 8, 8)).flatten().avgPool2d(2).dense(2));
        assertHas(m, "layer 2 (avgpool2d", "[channels, height, width]", "got [192]", "pool before the flatten");
        // a convolution on plain features
        m = refusal(Sequential.builder(64).conv2d(4, 3, 1).flatten().dense(2));
        assertHas(m, "layer 1 (conv2d", "got [64]", "--input-shape 1,28,28");
    }

    @Test
    void aDenseLayerOnImagesWithoutFlatten() {
        String m = refusal(Sequential.builder(Shape.image(1, 8, 8)).conv2d(4, 3, 0).relu().dense(2));
        assertHas(m, "layer 3 (dense", "[features]", "got [4, 6, 6]", "put {\"flatten\": true} before it", "[144]");
        m = refusal(Sequential.builder(Shape.image(1, 28, 28)).dense(10));
        assertHas(m, "layer 1 (dense", "got [1, 28, 28]", "[784]");
    }
}
