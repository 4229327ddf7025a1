package dev.chainrule.examples;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DigitsExampleTest {

    private static List<String> run(LoadedData data, int epochs, double[] accuracy) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        accuracy[0] = DigitsExample.run(data, epochs, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theSeedNetworkLearnsTheEmbeddedDigits() {
        LoadedData digits = DataSource.load("digits", DataOptions.defaults());
        double[] accuracy = new double[1];
        List<String> lines = run(digits, 30, accuracy);
        assertEquals(61, lines.size(), String.join("\n", lines));
        assertEquals("Epoch 1/30", lines.get(0));
        assertTrue(lines.get(1).matches("Train accuracy=0\\.\\d{4}  Test accuracy=0\\.\\d{4}  \\(.*\\)"), lines.get(1));
        assertTrue(lines.get(60).startsWith("Test accuracy = "), lines.get(60));
        assertTrue(accuracy[0] >= 0.9, "test accuracy " + accuracy[0]);
    }

    @Test
    void oneEpochOfFashionMnist() {
        Path folder = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(folder), "skipped: " + folder + " is absent (apt-get install dataset-fashion-mnist)");
        LoadedData data = DataSource.load("fashion-mnist", DataOptions.defaults().withDownload(false));
        double[] accuracy = new double[1];
        run(data, 1, accuracy);
        assertTrue(accuracy[0] >= 0.7, "after one epoch: " + accuracy[0]);
    }
}
