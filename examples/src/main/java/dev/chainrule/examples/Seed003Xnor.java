package dev.chainrule.examples;

import dev.chainrule.explain.BackpropTrace;
import dev.chainrule.loss.HalfSumSquaredError;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;

import java.util.Locale;

/**
 * Seed 003's two-layer network (it computes XNOR: targets 1, 0, 0, 1). Hidden unit weights
 * {@code (2, -2, 0)} and {@code (1, 3, -1)}, output weights {@code (3, -2, -1)}, the last weight
 * of each being the bias; sigmoid everywhere. Prints the seed's forward table, then one
 * backpropagation step on input {@code (1, 0)}, target 0, learning rate 1: output delta
 * -0.148, hidden deltas -0.047 and 0.074, and the updated weights
 * {@code (2.870, -2.074, -1.148)}, {@code (1.953, -2, -0.047)}, {@code (1.074, 3, -0.926)}.
 *
 * <p>The seed writes the cost as {@code (y - f)^2} but drops its factor 2 in the error term
 * {@code delta = (y - f) f (1 - f)}: that is the gradient of {@code 1/2 (y - f)^2}, the
 * {@code half-sse} loss used here.
 */
public final class Seed003Xnor {
    private Seed003Xnor() {
    }

    /** The seed's network in float64. Weights are input-major: column j holds unit j's weights. */
    public static Sequential network() {
        return Sequential.builder(2).dtype(DType.FLOAT64)
                .dense(new double[][] {{2, 1}, {-2, 3}}, new double[] {0, -1}).sigmoid()
                .dense(new double[][] {{3}, {-2}}, new double[] {-1}).sigmoid()
                .loss(new HalfSumSquaredError())
                .build();
    }

    public static void main(String[] args) {
        Sequential net = network();
        System.out.println("x1 x2 |     g1     s1 |     g2     s2 |     g3      f | y");
        double[][] inputs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        int[] targets = {1, 0, 0, 1};
        for (int r = 0; r < 4; r++) {
            BackpropTrace.Trace t = BackpropTrace.of(net, inputs[r], new double[] {targets[r]}, 1.0);
            double[] g = t.layers().get(0).output();
            double[] s = t.layers().get(1).output();
            double g3 = t.layers().get(2).output()[0];
            System.out.printf(Locale.ROOT, "%2.0f %2.0f | %6.3f %6.3f | %6.3f %6.3f | %6.3f %6.3f | %d%n",
                    inputs[r][0], inputs[r][1], g[0], s[0], g[1], s[1], g3, t.output()[0], targets[r]);
        }
        BackpropTrace.Trace step = BackpropTrace.of(net, new double[] {1, 0}, new double[] {0}, 1.0);
        BackpropTrace.LayerTrace out = step.layers().get(2);
        BackpropTrace.LayerTrace hidden = step.layers().get(0);
        System.out.println();
        System.out.println("One step on x = (1, 0), y = 0, learning rate 1:");
        System.out.printf(Locale.ROOT, "delta(2)  = %.3f%n", out.delta()[0]);
        System.out.printf(Locale.ROOT, "delta1(1) = %.3f%n", hidden.delta()[0]);
        System.out.printf(Locale.ROOT, "delta2(1) = %.3f%n", hidden.delta()[1]);
        double[][] w2 = out.updatedWeights();
        double[][] w1 = hidden.updatedWeights();
        System.out.printf(Locale.ROOT, "W(2)  <- (%.3f, %.3f, %.3f)%n", w2[0][0], w2[1][0], out.updatedBias()[0]);
        System.out.printf(Locale.ROOT, "W1(1) <- (%.3f, %.3f, %.3f)%n", w1[0][0], w1[1][0], hidden.updatedBias()[0]);
        System.out.printf(Locale.ROOT, "W2(1) <- (%.3f, %.3f, %.3f)%n", w1[0][1], w1[1][1], hidden.updatedBias()[1]);
    }
}
