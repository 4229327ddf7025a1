package dev.chainrule.train;

import dev.chainrule.data.CsvOptions;
import dev.chainrule.data.CsvTable;
import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.io.Json;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seed 000 from numpy's own split and initial weights (the fixture in test resources): 900
 * full-batch epochs of the 6-2-1 sigmoid network in float64 give numpy's weights, its printed
 * losses (the last-record report) digit for digit, and its test accuracy 0.725.
 */
class Seed000Test {
    /** The fixture folder, relative to the repository root (where the tests run). */
    static final Path FIXTURE = Path.of("core/src/test/resources/admissions/seed000");

    @Test
    void fullBatchFloat64ReproducesNumpysRun() throws Exception {
        LoadedData data = DataSource.load(FIXTURE.resolve("train.csv").toString(), DataOptions.defaults()
                .withTestFraction(0).withDtype(DType.FLOAT64)
                .withCsv(CsvOptions.target("admit").withTwoClassesAsOneColumn(true)));
        Dataset train = data.train();
        assertEquals(360, train.size());
        Dataset test = ((TabularPreprocessing) data.preprocessing())
                .dataset(CsvTable.read(FIXTURE.resolve("test.csv")), "test.csv", DType.FLOAT64);
        Sequential net = NetworkFile.load(FIXTURE.resolve("network.json"), DType.FLOAT64, 0);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Trainer trainer = new Trainer(net, new Sgd(0.005), TrainingConfig.fullBatch(900));
        trainer.addListener(LossIncreaseWarning.lastRecord(new PrintStream(printed, true, StandardCharsets.UTF_8), 90,
                net, train));
        trainer.fit(train);

        Map<String, Object> expected = Json.asObject(Json.parse(Files.readString(FIXTURE.resolve("expected.json"))), "e");
        double[][] inputHidden = Json.asMatrix(expected.get("weights_input_hidden"), "w");
        double[] hiddenOutput = Json.asVector(expected.get("weights_hidden_output"), "w");
        Tensor w1 = net.parameters().get(0).value();
        Tensor w2 = net.parameters().get(1).value();
        double worst = 0;
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 2; c++) {
                worst = Math.max(worst, Math.abs(w1.get(r, c) - inputHidden[r][c]));
            }
        }
        for (int r = 0; r < 2; r++) {
            worst = Math.max(worst, Math.abs(w2.get(r, 0) - hiddenOutput[r]));
        }
        assertEquals(0, worst, 1e-15, "largest weight difference from numpy");

        List<String> seedLines = Files.readAllLines(FIXTURE.resolve("seed-output.txt"));
        assertEquals(seedLines.subList(0, 10), printed.toString(StandardCharsets.UTF_8).lines().toList());
        double accuracy = Accuracy.of(net.predict(test.features()), test.targets());
        assertEquals(0.725, accuracy, 1e-12);
        assertEquals(seedLines.get(10), String.format(java.util.Locale.ROOT, "Prediction accuracy: %.3f", accuracy));
    }
}
