package dev.chainrule.cli;

import dev.chainrule.io.Json;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000 from the command line: numpy's split and initial weights (the fixture in core's test
 * resources), full batch, float64, half-sse, lr 0.005, 900 epochs give numpy's test accuracy 0.725
 * and numpy's weights to 1e-12.
 */
class Seed000CommandTest {
    static final Path FIXTURE = Path.of("core/src/test/resources/admissions/seed000");

    @Test
    void theSeedsRunFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("seed000.model");
        Cli.Result r = Cli.run("train", "--data", FIXTURE.resolve("train.csv").toString(), "--target", "admit",
                "--network", FIXTURE.resolve("network.json").toString(), "--batching", "full", "--dtype", "float64",
                "--loss", "half-sse", "--lr", "0.005", "--epochs", "900",
                "--test-data", FIXTURE.resolve("test.csv").toString(), "--out", model.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("test accuracy 0.7250 (29 of 40 test examples)"), r.out());
        assertTrue(r.out().contains("training 6-2-1 (14 parameters, loss half-sse) on train.csv: 360 training and 40"
                + " test examples, full batch"), r.out());
        Map<String, Object> s = r.json();
        assertEquals(0.725, s.get("test_accuracy"));
        assertEquals(360.0, s.get("train_examples"));
        assertEquals(40.0, s.get("test_examples"));
        assertEquals("float64", s.get("dtype"));
        assertEquals("full", s.get("batching"));

        Map<String, Object> expected = Json.asObject(Json.parse(Files.readString(FIXTURE.resolve("expected.json"))), "e");
        double[][] inputHidden = Json.asMatrix(expected.get("weights_input_hidden"), "w");
        double[] hiddenOutput = Json.asVector(expected.get("weights_hidden_output"), "w");
        SavedModel saved = ModelFile.load(model);
        Tensor w1 = saved.model().parameters().get(0).value();
        Tensor w2 = saved.model().parameters().get(1).value();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(inputHidden[i][j], w1.get(i, j), 1e-12, "weights_input_hidden[" + i + "][" + j + "]");
            }
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(hiddenOutput[i], w2.get(i, 0), 1e-12, "weights_hidden_output[" + i + "]");
        }

        // evaluate repeats it on the recorded test file
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(0, e.status(), e.toString());
        assertEquals(0.725, e.json().get("test_accuracy"));
        assertTrue(e.out().contains("evaluated on the test file"), e.out());
    }
}
