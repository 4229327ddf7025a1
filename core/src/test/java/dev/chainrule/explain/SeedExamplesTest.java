package dev.chainrule.explain;

import dev.chainrule.loss.HalfSumSquaredError;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seeds' hand-worked numbers, to every printed digit. */
class SeedExamplesTest {

    /** Seed 004's network: 3 inputs, 2 sigmoid hidden units, 1 sigmoid output, no biases. */
    static Sequential seed004() {
        return Sequential.builder(3).dtype(DType.FLOAT64)
                .dense(new double[][] {{0.5, -0.6}, {0.1, -0.2}, {0.1, 0.7}}, null).sigmoid()
                .dense(new double[][] {{0.1}, {-0.3}}, null).sigmoid()
                .loss(new HalfSumSquaredError())
                .build();
    }

    /** Seed 003's network: 2 inputs, hidden (2,-2,0) and (1,3,-1), output (3,-2,-1), last weight the bias. */
    static Sequential seed003() {
        return Sequential.builder(2).dtype(DType.FLOAT64)
                .dense(new double[][] {{2, 1}, {-2, 3}}, new double[] {0, -1}).sigmoid()
                .dense(new double[][] {{3}, {-2}}, new double[] {-1}).sigmoid()
                .loss(new HalfSumSquaredError())
                .build();
    }

    @Test
    void seed004SingleStepMatchesEveryPrintedDigit() {
        BackpropTrace.Trace trace = BackpropTrace.of(seed004(), new double[] {0.5, 0.1, -0.2}, new double[] {0.6}, 0.5);
        double[][] hiddenToOutput = trace.layers().get(2).weightStep();
        assertEquals("0.00804047", String.format(Locale.ROOT, "%.8f", hiddenToOutput[0][0]));
        assertEquals("0.00555918", String.format(Locale.ROOT, "%.8f", hiddenToOutput[1][0]));
        String[][] expected = {
            {"1.77005547e-04", "-5.11178506e-04"},
            {"3.54011093e-05", "-1.02235701e-04"},
            {"-7.08022187e-05", "2.04471402e-04"}};
        double[][] inputToHidden = trace.layers().get(0).weightStep();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(expected[i][j], String.format(Locale.ROOT, "%.8e", inputToHidden[i][j]), "row " + i + " col " + j);
            }
        }
    }

    @Test
    void seed003ForwardTableDeltasAndUpdatedWeights() {
        Sequential net = seed003();
        // The seed's four-row forward table: (x1, x2) -> s1, s2, f.
        double[][] rows = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        String[][] table = {
            {"0.500", "0.269", "0.491"},
            {"0.119", "0.881", "0.083"},
            {"0.881", "0.500", "0.655"},
            {"0.500", "0.953", "0.197"}};
        for (int r = 0; r < 4; r++) {
            BackpropTrace.Trace tr = BackpropTrace.of(net, rows[r], new double[] {0}, 1.0);
            double[] hidden = tr.layers().get(1).output();
            assertEquals(table[r][0], f3(hidden[0]), "row " + r + " s1");
            assertEquals(table[r][1], f3(hidden[1]), "row " + r + " s2");
            assertEquals(table[r][2], f3(tr.output()[0]), "row " + r + " f");
        }
        // Input (1, 0), target 0, learning rate 1.
        BackpropTrace.Trace tr = BackpropTrace.of(net, new double[] {1, 0}, new double[] {0}, 1.0);
        assertEquals("-0.148", f3(tr.layers().get(2).delta()[0]));
        assertEquals("-0.047", f3(tr.layers().get(0).delta()[0]));
        assertEquals("0.074", f3(tr.layers().get(0).delta()[1]));
        BackpropTrace.LayerTrace out = tr.layers().get(2);
        assertArrayEquals(new String[] {"2.870", "-2.074", "-1.148"},
                new String[] {f3(out.updatedWeights()[0][0]), f3(out.updatedWeights()[1][0]), f3(out.updatedBias()[0])});
        BackpropTrace.LayerTrace hid = tr.layers().get(0);
        // Unit 1's weights (w from x1, w from x2, bias) and unit 2's.
        assertArrayEquals(new String[] {"1.953", "-2.000", "-0.047"},
                new String[] {f3(hid.updatedWeights()[0][0]), f3(hid.updatedWeights()[1][0]), f3(hid.updatedBias()[0])});
        assertArrayEquals(new String[] {"1.074", "3.000", "-0.926"},
                new String[] {f3(hid.updatedWeights()[0][1]), f3(hid.updatedWeights()[1][1]), f3(hid.updatedBias()[1])});
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
