package dev.chainrule.layer;

import dev.chainrule.init.Initializer;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A convolution's weights are drawn with its own fans, {@code fanIn = inChannels kH kW} and
 * {@code fanOut = filters kH kW}: He before a ReLU, Glorot otherwise. Here 8 channels, 64
 * filters of 5x5: fanIn 200, fanOut 1600 (a dense reading of the channels would give 8 and 64).
 */
class Conv2DInitTest {

    private static Tensor weights(Sequential.Builder b) {
        Sequential model = b.flatten().dense(2).loss(new SoftmaxCrossEntropy()).build();
        Tensor w = model.parameters().get(0).value();
        assertArrayEquals(new int[] {64, 8, 5, 5}, w.dims());
        return w;
    }

    private static Sequential.Builder conv() {
        return Sequential.builder(Shape.image(8, 6, 6)).dtype(DType.FLOAT64).seed(5)
                .conv2d(Conv2D.Config.of(64, 5).padding(2));
    }

    private static double std(Tensor w) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < w.size(); i++) {
            sum += w.getFlat(i);
            squares += w.getFlat(i) * w.getFlat(i);
        }
        double mean = sum / w.size();
        return Math.sqrt(squares / w.size() - mean * mean);
    }

    private static double largest(Tensor w) {
        double m = 0;
        for (int i = 0; i < w.size(); i++) {
            m = Math.max(m, Math.abs(w.getFlat(i)));
        }
        return m;
    }

    @Test
    void heBeforeAReluWithTheConvolutionsFanIn() {
        // He normal: N(0, 2 / fanIn), std sqrt(2 / 200) = 0.1 (12,800 draws: the sample's std within 3%)
        assertEquals(0.1, std(weights(conv().relu())), 0.003);
        Sequential model = conv().relu().flatten().dense(2).loss(new SoftmaxCrossEntropy()).build();
        assertEquals(0.0, largest(model.parameters().get(1).value()), "biases start at zero");
        assertEquals(0.1, std(weights(conv().initializer(Initializer.he()).tanh())), 0.003);
    }

    @Test
    void glorotOtherwiseWithBothFans() {
        // Glorot uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)) = sqrt(6 / 1800)
        double a = Math.sqrt(6.0 / 1800);
        Tensor w = weights(conv().tanh());
        assertTrue(largest(w) <= a && largest(w) > 0.99 * a, "largest " + largest(w) + ", a " + a);
        assertEquals(a / Math.sqrt(3), std(w), 0.03 * a);
    }

    @Test
    void pytorchsDefaultWithTheConvolutionsFanIn() {
        // U(-1/sqrt(fanIn), 1/sqrt(fanIn)) = U(-0.0707, 0.0707), for the weights and the biases
        Tensor w = weights(conv().initializer(Initializer.pytorch()).relu());
        double bound = 1 / Math.sqrt(200);
        assertTrue(largest(w) <= bound && largest(w) > 0.99 * bound, "largest " + largest(w));
        Sequential model = conv().initializer(Initializer.pytorch()).relu().flatten().dense(2)
                .loss(new SoftmaxCrossEntropy()).build();
        Tensor bias = model.parameters().get(1).value();
        assertEquals(64, bias.size());
        assertTrue(largest(bias) <= bound && largest(bias) > 0.5 * bound, "largest bias " + largest(bias));
    }
}
