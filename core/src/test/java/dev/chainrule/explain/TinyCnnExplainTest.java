package dev.chainrule.explain;

import dev.chainrule.explain.BackpropTrace.LayerTrace;
import dev.chainrule.explain.BackpropTrace.ParameterTrace;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code explain} on the tiny convolutional network of {@code examples/networks/tiny-cnn.json},
 * every number worked out by hand below: a 1x4x4 image, two 2x2 filters (stride 1, no padding,
 * with biases), a 2x2 max pool with stride 1, flatten, one dense unit, the seeds' loss
 * {@code 1/2 (y - t)^2}, one SGD step with learning rate 0.1.
 */
class TinyCnnExplainTest {
    /** The network file (the same text as {@code examples/networks/tiny-cnn.json}). */
    static final String TINY_CNN = "{\"input\": [1, 4, 4],\n"
            + " \"layers\": [{\"conv2d\": 2, \"kernel\": 2, \"bias\": [0.5, -1],\n"
            + "             \"weights\": [[[[1, -1], [2, 0]]], [[[0, 1], [-1, 1]]]]},\n"
            + "            {\"maxpool2d\": 2, \"stride\": 1},\n"
            + "            {\"flatten\": true},\n"
            + "            {\"dense\": 1, \"bias\": [0], \"weights\": [[0.1], [-0.1], [0.2], [0], [-0.2], [0.3], [0.1], [-0.1]]}],\n"
            + " \"loss\": \"half-sse\"}\n";
    /** The image, row by row. */
    static final double[] IMAGE = {
            1, 2, 0, 1,
            3, 1, 2, 0,
            0, 2, 1, 3,
            1, 0, 2, 1};

    @Test
    void everyNumberAsWorkedOutByHand() throws Exception {
        assertEquals(TINY_CNN, java.nio.file.Files.readString(examples().resolve("networks/tiny-cnn.json")));
        Sequential net = NetworkFile.parse(TINY_CNN, "tiny-cnn.json").build(DType.FLOAT64, 1);
        BackpropTrace.Trace trace = BackpropTrace.of(net, IMAGE, new double[] {1}, 0.1);
        LayerTrace conv = trace.layers().get(0);
        LayerTrace pool = trace.layers().get(1);
        LayerTrace flatten = trace.layers().get(2);
        LayerTrace dense = trace.layers().get(3);

        // Convolution, filter A = [[1, -1], [2, 0]], bias 0.5, at (i, j): x[i][j] - x[i][j+1] + 2 x[i+1][j] + 0.5
        //   row 0: 1-2+6+.5 = 5.5   2-0+2+.5 = 4.5   0-1+4+.5 = 3.5
        //   row 1: 3-1+0+.5 = 2.5   1-2+4+.5 = 3.5   2-0+2+.5 = 4.5
        //   row 2: 0-2+2+.5 = 0.5   2-1+0+.5 = 1.5   1-3+4+.5 = 2.5
        // filter B = [[0, 1], [-1, 1]], bias -1: x[i][j+1] - x[i+1][j] + x[i+1][j+1] - 1
        //   row 0: 2-3+1-1 = -1     0-1+2-1 = 0      1-2+0-1 = -2
        //   row 1: 1-0+2-1 = 2      2-2+1-1 = 0      0-1+3-1 = 1
        //   row 2: 2-1+0-1 = 0      1-0+2-1 = 2      3-2+1-1 = 1
        assertEquals("[1, 4, 4]", conv.inputShape().toString());
        assertEquals("[2, 3, 3]", conv.outputShape().toString());
        assertArrayEquals(new double[] {5.5, 4.5, 3.5, 2.5, 3.5, 4.5, 0.5, 1.5, 2.5, -1, 0, -2, 2, 0, 1, 0, 2, 1},
                conv.output(), 1e-15);

        // Max pool 2x2, stride 1 (the first largest wins a tie):
        //   A: max(5.5 4.5 2.5 3.5) = 5.5 at (0,0)   max(4.5 3.5 3.5 4.5) = 4.5 at (0,1), not (1,2)
        //      max(2.5 3.5 0.5 1.5) = 3.5 at (1,1)   max(3.5 4.5 1.5 2.5) = 4.5 at (1,2)
        //   B: max(-1 0 2 0) = 2 at (1,0)            max(0 -2 0 1) = 1 at (1,2)
        //      max(2 0 0 2) = 2 at (1,0), not (2,1)  max(0 1 2 1) = 2 at (2,1)
        assertArrayEquals(new double[] {5.5, 4.5, 3.5, 4.5, 2, 1, 2, 2}, pool.output(), 1e-15);
        assertEquals("[8]", flatten.outputShape().toString());

        // Dense: h = 5.5(.1) + 4.5(-.1) + 3.5(.2) + 4.5(0) + 2(-.2) + 1(.3) + 2(.1) + 2(-.1)
        //          = .55 - .45 + .7 + 0 - .4 + .3 + .2 - .2 = 0.7
        // loss 1/2 (1 - 0.7)^2 = 0.045; error term delta = -dL/dh = 1 - 0.7 = 0.3
        assertEquals(0.7, dense.output()[0], 1e-15);
        assertEquals(0.045, trace.loss(), 1e-15);
        assertEquals(0.3, dense.delta()[0], 1e-15);
        // dense step = lr * pooled * delta = 0.03 * (5.5, 4.5, 3.5, 4.5, 2, 1, 2, 2); bias step 0.03
        double[] expectedStep = {0.165, 0.135, 0.105, 0.135, 0.06, 0.03, 0.06, 0.06};
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(new double[] {expectedStep[i]}, dense.weightStep()[i], 1e-15);
        }
        assertEquals(0.03, dense.biasStep()[0], 1e-15);

        // The error reaching the pooled values: w * delta = 0.3 (.1, -.1, .2, 0, -.2, .3, .1, -.1)
        assertArrayEquals(new double[] {0.03, -0.03, 0.06, 0, -0.06, 0.09, 0.03, -0.03}, flatten.delta(), 1e-15);
        assertArrayEquals(flatten.delta(), pool.delta(), 1e-15);

        // Max pool backward: each pooled error goes to the position it came from; B's (1,0) was
        // chosen twice and collects -0.06 + 0.03 = -0.03
        //   A: (0,0) .03, (0,1) -.03, (1,1) .06, (1,2) 0      B: (1,0) -.03, (1,2) .09, (2,1) -.03
        assertArrayEquals(new double[] {0.03, -0.03, 0, 0, 0.06, 0, 0, 0, 0, 0, 0, 0, -0.03, 0, 0.09, 0, -0.03, 0},
                conv.delta(), 1e-15);

        // Convolution step = lr * sum over (i, j) of delta[i][j] x[i+p][j+q]:
        //   A: [0][0] = .1 (.03(1) - .03(2) + .06(1)) = .003   [0][1] = .1 (.03(2) - .03(0) + .06(2)) = .018
        //      [1][0] = .1 (.03(3) - .03(1) + .06(2)) = .018   [1][1] = .1 (.03(1) - .03(2) + .06(1)) = .003
        //   B: [0][0] = .1 (-.03(3) + .09(2) - .03(2)) = .003  [0][1] = .1 (-.03(1) + .09(0) - .03(1)) = -.006
        //      [1][0] = .1 (-.03(0) + .09(1) - .03(0)) = .009  [1][1] = .1 (-.03(2) + .09(3) - .03(2)) = .015
        // bias steps = .1 (sum of delta): A .1 (.03 - .03 + .06) = .006, B .1 (-.03 + .09 - .03) = .003
        ParameterTrace w = conv.parameters().get(0);
        ParameterTrace b = conv.parameters().get(1);
        assertEquals("conv2d_1.weight", w.name());
        assertArrayEquals(new int[] {2, 1, 2, 2}, w.shape());
        assertArrayEquals(new double[] {1, -1, 2, 0, 0, 1, -1, 1}, w.value());
        assertArrayEquals(new double[] {0.003, 0.018, 0.018, 0.003, 0.003, -0.006, 0.009, 0.015}, w.step(), 1e-15);
        assertArrayEquals(new double[] {1.003, -0.982, 2.018, 0.003, 0.003, 0.994, -0.991, 1.015}, w.updated(), 1e-15);
        assertArrayEquals(new double[] {0.006, 0.003}, b.step(), 1e-15);
        assertEquals("conv2d, 2 filters 2x2", conv.description());
        assertEquals("maxpool2d 2x2, stride 1", pool.description());
        assertEquals("dense 8 -> 1", dense.description());
    }

    static java.nio.file.Path examples() {
        java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath();
        while (p != null && !java.nio.file.Files.isDirectory(p.resolve("examples/networks"))) {
            p = p.getParent();
        }
        return p.resolve("examples");
    }
}
