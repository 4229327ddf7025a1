package dev.chainrule.cli;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolutional networks from the command line: a CSV of pixel rows read as images with
 * {@code --input-shape}, trained, saved, evaluated and predicted; and the bad networks refused in
 * one line (exit 2) naming the layer, the shapes and the fix, before any training.
 */
class ConvolutionCommandsTest {
    @TempDir
    Path dir;

    /** 8x8 one-channel images of two classes: a bright left half or a bright right half, with noise. */
    private Path halves(int rows) throws Exception {
        Random random = new Random(3);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < 64; p++) {
            sb.append("p").append(p).append(',');
        }
        sb.append("side\n");
        for (int r = 0; r < rows; r++) {
            boolean left = random.nextBoolean();
            for (int p = 0; p < 64; p++) {
                boolean bright = (p % 8 < 4) == left;
                sb.append(Math.min(255, (bright ? 160 : 20) + random.nextInt(60))).append(',');
            }
            sb.append(left ? "left" : "right").append('\n');
        }
        Path csv = dir.resolve("halves.csv");
        Files.writeString(csv, sb.toString());
        return csv;
    }

    private Path network(String layers) throws Exception {
        Path net = dir.resolve("net.json");
        Files.writeString(net, "{\"input\": [1, 8, 8], \"layers\": [" + layers + "], \"loss\": \"softmax-ce\"}");
        return net;
    }

    @Test
    void aCsvOfPixelRowsTrainsAConvolutionalNetworkWithInputShape() throws Exception {
        Path csv = halves(200);
        Path net = network("{\"conv2d\": 4, \"kernel\": 3, \"padding\": \"same\"}, {\"batchnorm\": {}},"
                + " {\"activation\": \"relu\"}, {\"maxpool2d\": 2}, {\"flatten\": true}, {\"dense\": 2}");
        Path model = dir.resolve("halves.model");
        Path confusion = dir.resolve("confusion.png");
        Cli.Result r = Cli.run("train", "--data", csv.toString(), "--target", "side", "--input-shape", "1,8,8",
                "--network", net.toString(), "--epochs", "8", "--lr", "0.05", "--out", model.toString(), "--json",
                "--confusion", confusion.toString());
        assertEquals(0, r.status(), r.toString());
        double accuracy = Dev.number(r.json(), "test_accuracy");
        assertTrue(accuracy > 0.9, r.toString());
        assertPng(confusion);

        SavedModel saved = ModelFile.load(model);
        assertEquals("[1, 8, 8]", saved.model().inputShape().toString());
        assertEquals(2, saved.model().buffers().size(), "the running statistics are saved");
        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(0, eval.status(), eval.toString());
        assertEquals(accuracy, Dev.number(eval.json(), "test_accuracy"), 1e-12, "evaluate repeats train's figure");
        Path again = dir.resolve("again.png");
        Cli.Result table = Cli.run("evaluate", "--model", model.toString(), "--confusion", again.toString());
        assertEquals(0, table.status(), table.toString());
        assertTrue(table.out().contains("confusion matrix") && Files.size(again) > 0, table.out());
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--input", csv.toString(), "--output",
                dir.resolve("p.csv").toString());
        assertEquals(0, predict.status(), predict.toString());
        assertTrue(Files.readString(dir.resolve("p.csv")).startsWith("row,predicted,p_left,p_right"));
    }

    @Test
    void failuresAndConfusionOfAConvolutionalNetworkOnImages() throws Exception {
        // the embedded digits load as [1, 8, 8] images
        Path net = network("{\"conv2d\": 4, \"kernel\": 3, \"padding\": 1}, {\"activation\": \"relu\"},"
                + " {\"maxpool2d\": 2}, {\"flatten\": true}, {\"dense\": 10}");
        Path failures = dir.resolve("failures.png");
        Path confusion = dir.resolve("confusion.png");
        Cli.Result r = Cli.run("train", "--network", net.toString(), "--epochs", "3", "--failures", failures.toString(),
                "--confusion", confusion.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("misclassified test images") && r.out().contains("(confusion matrix)"), r.out());
        assertPng(failures);
        assertPng(confusion);
    }

    private static void assertPng(Path png) throws Exception {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1), png.toString());
    }

    @Test
    void badNetworksAreRefusedInOneLineBeforeTraining() throws Exception {
        Path csv = halves(20);
        String[][] cases = {
            // a dense layer on images without flatten
            {"{\"conv2d\": 4, \"kernel\": 3}, {\"dense\": 2}", "layer 2 (dense", "[4, 6, 6]", "flatten"},
            // a kernel larger than its padded input
            {"{\"conv2d\": 4, \"kernel\": 9}, {\"flatten\": true}, {\"dense\": 2}", "layer 1 (conv2d", "9x9", "[1, 8, 8]",
                "padding"},
            // a pooling window that does not fit
            {"{\"maxpool2d\": 16}, {\"flatten\": true}, {\"dense\": 2}", "layer 1 (maxpool2d", "[1, 8, 8]",
                "smaller window"},
            // a convolution after the flattened examples
            {"{\"flatten\": true}, {\"conv2d\": 4, \"kernel\": 3}, {\"dense\": 2}", "layer 2 (conv2d", "[64]",
                "[channels, height, width]"},
        };
        for (String[] c : cases) {
            Path net = network(c[0]);
            Cli.Result r = Cli.run("train", "--data", csv.toString(), "--target", "side", "--input-shape", "1,8,8",
                    "--network", net.toString(), "--epochs", "1");
            assertEquals(2, r.status(), r.toString());
            String line = r.err().strip();
            assertFalse(line.contains("\n"), line);
            assertFalse(r.out().contains("epoch"), "refused before training: " + r.out());
            for (int i = 1; i < c.length; i++) {
                assertTrue(line.contains(c[i]), c[i] + " in: " + line);
            }
        }
        Cli.Result r = Cli.run("train", "--data", csv.toString(), "--target", "side", "--input-shape", "1,8,7",
                "--network", network("{\"flatten\": true}, {\"dense\": 2}").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--input-shape [1, 8, 7] holds 56 values") && r.err().contains("64 features"),
                r.err());
    }

    /** Numbers from a JSON line. */
    private static final class Dev {
        static double number(java.util.Map<String, Object> json, String key) {
            return ((Number) json.get(key)).doubleValue();
        }
    }
}
