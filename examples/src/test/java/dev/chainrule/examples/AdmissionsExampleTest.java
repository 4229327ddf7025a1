package dev.chainrule.examples;

import dev.chainrule.data.CsvTable;
import dev.chainrule.data.LoadedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionsExampleTest {

    @Test
    void printsTenLossLinesThenTheAccuracy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoadedData data = AdmissionsExample.load(AdmissionsExample.DEFAULT_DATA, AdmissionsExample.SEED);
        assertEquals(360, data.train().size());
        assertEquals(40, data.test().size());
        assertEquals(List.of("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4"), data.preprocessing().featureNames());
        double accuracy = AdmissionsExample.run(data, AdmissionsExample.SEED, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(11, lines.size(), String.join("\n", lines));
        for (int i = 0; i < 10; i++) {
            assertTrue(lines.get(i).matches("Train loss: 0\\.\\d+( {2}WARNING - Loss Increasing)?"), lines.get(i));
        }
        assertTrue(lines.get(10).matches("Prediction accuracy: [01]\\.\\d{3}"), lines.get(10));
        assertTrue(accuracy >= 0 && accuracy <= 1);
    }

    @Test
    void theBetterConfigurationReachesLogisticRegressionLevel() {
        CsvTable table = CsvTable.read(AdmissionsExample.DEFAULT_DATA);
        double sum = 0;
        int seeds = 3;
        for (long seed = 1; seed <= seeds; seed++) {
            sum += BetterAdmissions.crossValidate(table, 10, seed);
        }
        double mean = sum / seeds;
        assertTrue(mean >= 0.68, "mean 10-fold CV accuracy over " + seeds + " seeds: " + mean);
    }
}
