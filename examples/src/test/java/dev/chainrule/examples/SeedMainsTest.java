package dev.chainrule.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example mains print the seeds' tables, digit for digit. */
class SeedMainsTest {

    static String run(Runnable main) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void seed004PrintsTheSeedsOutput() {
        String out = run(() -> Seed004SingleStep.main(new String[0]));
        assertEquals(String.join("\n",
                "Change in weights for hidden layer to output layer:",
                "[ 0.00804047  0.00555918]",
                "Change in weights for input layer to hidden layer:",
                "[[ 1.77005547e-04 -5.11178506e-04]",
                " [ 3.54011093e-05 -1.02235701e-04]",
                " [-7.08022187e-05  2.04471402e-04]]", ""), out);
    }

    @Test
    void seed003PrintsTheForwardTableDeltasAndWeights() {
        String out = run(() -> Seed003Xnor.main(new String[0]));
        // g1, s1, g2, s2 and f are the seed's to every digit. The seed's g3 column (-0.038, -2.405,
        // 0.643, -1.406) was worked by hand from the 3-decimal activations; exact arithmetic gives
        // -0.038, -2.404, 0.642, -1.405 (checked below to be the rounding, not a different network).
        assertTrue(out.contains(" 0  0 |  0.000  0.500 | -1.000  0.269 | -0.038  0.491 | 1"), out);
        assertTrue(out.contains(" 0  1 | -2.000  0.119 |  2.000  0.881 | -2.404  0.083 | 0"), out);
        assertTrue(out.contains(" 1  0 |  2.000  0.881 |  0.000  0.500 |  0.642  0.655 | 0"), out);
        assertTrue(out.contains(" 1  1 |  0.000  0.500 |  3.000  0.953 | -1.405  0.197 | 1"), out);
        double[][] roundedS = {{0.5, 0.269}, {0.119, 0.881}, {0.881, 0.5}, {0.5, 0.953}};
        String[] seedG3 = {"-0.038", "-2.405", "0.643", "-1.406"};
        for (int r = 0; r < 4; r++) {
            double g3 = 3 * roundedS[r][0] - 2 * roundedS[r][1] - 1;
            assertEquals(seedG3[r], String.format(java.util.Locale.ROOT, "%.3f", g3));
        }
        assertTrue(out.contains("delta(2)  = -0.148"), out);
        assertTrue(out.contains("delta1(1) = -0.047"), out);
        assertTrue(out.contains("delta2(1) = 0.074"), out);
        assertTrue(out.contains("W(2)  <- (2.870, -2.074, -1.148)"), out);
        assertTrue(out.contains("W1(1) <- (1.953, -2.000, -0.047)"), out);
        assertTrue(out.contains("W2(1) <- (1.074, 3.000, -0.926)"), out);
    }

    @Test
    void seed000PrintsTheSeedsElevenLines() throws Exception {
        String out = run(() -> {
            try {
                Seed000LastRecord.main(new String[0]);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        java.util.List<String> lines = out.lines().toList();
        assertEquals(java.nio.file.Files.readAllLines(Seed000LastRecord.FIXTURE.resolve("seed-output.txt")), lines);
        assertEquals("Train loss:  0.251357252426", lines.get(0));
        assertEquals("Train loss:  0.240400679325", lines.get(9));
        assertEquals("Prediction accuracy: 0.725", lines.get(10));
    }
}
