package dev.chainrule.cli;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.Dataset;
import dev.chainrule.io.Json;
import dev.chainrule.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code predict} agrees with {@code evaluate}, on CSV data and on images. */
class PredictCommandTest {
    /** The admissions data (a public teaching data set) embedded in core's test resources. */
    static final String ADMISSIONS = "core/src/test/resources/admissions/binary.csv";

    @Test
    void predictOnTheTrainingCsvAgreesWithEvaluate(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("admissions.model");
        Cli.Result train = Cli.run("train", "--data", ADMISSIONS, "--target", "admit", "--categorical", "rank",
                "--standardize", "gre,gpa", "--epochs", "30", "--out", model.toString(), "--json");
        assertEquals(0, train.status(), train.toString());
        assertEquals("6-50-2", train.json().get("network"));
        Cli.Result held = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(train.json().get("test_accuracy"), held.json().get("test_accuracy"));

        Cli.Result all = Cli.run("evaluate", "--model", model.toString(), "--data", ADMISSIONS, "--json");
        assertEquals(0, all.status(), all.toString());
        assertEquals(400.0, all.json().get("test_examples"));
        Path predictions = dir.resolve("predictions.csv");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--input", ADMISSIONS,
                "--output", predictions.toString());
        assertEquals(0, predict.status(), predict.toString());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("row,predicted,p_0,p_1", rows.get(0));
        List<String> data = Files.readAllLines(Path.of(ADMISSIONS));
        assertEquals(data.size(), rows.size());
        int right = 0;
        for (int i = 1; i < rows.size(); i++) {
            String[] p = rows.get(i).split(",");
            assertEquals(1.0, Double.parseDouble(p[2]) + Double.parseDouble(p[3]), 1e-6);
            if (p[1].equals(data.get(i).split(",")[0])) {
                right++;
            }
        }
        assertEquals(Json.asNumber(all.json().get("test_accuracy"), "accuracy"), right / 400.0, 1e-12);
    }

    @Test
    void predictReadsIdxImagesAndPixelCsvForAnImageModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("digits.model");
        assertEquals(0, Cli.run("train", "--epochs", "3", "--out", model.toString(), "--progress", "none").status());
        Dataset digits = BuiltinDigits.load(DType.FLOAT32);
        int n = 25;
        Path idx = dir.resolve("images-idx3-ubyte");
        StringBuilder pixels = new StringBuilder();
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(idx))) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(8);
            out.writeInt(8);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < 64; c++) {
                    int v = (int) Math.round(digits.features().get(r, c) * BuiltinDigits.MAX_PIXEL);
                    out.writeByte(v);
                    pixels.append(c == 0 ? "" : ",").append(v);
                }
                pixels.append('\n');
            }
        }
        Path csv = dir.resolve("pixels.csv");
        Files.writeString(csv, pixels.toString());
        Cli.Result fromIdx = Cli.run("predict", "--model", model.toString(), "--input", idx.toString());
        Cli.Result fromCsv = Cli.run("predict", "--model", model.toString(), "--input", csv.toString());
        assertEquals(0, fromIdx.status(), fromIdx.toString());
        assertEquals(fromIdx.out(), fromCsv.out());
        List<String> lines = fromIdx.out().strip().lines().toList();
        assertEquals(n + 1, lines.size());
        assertTrue(lines.get(0).startsWith("row,predicted,p_0,p_1,"), lines.get(0));
        int right = 0;
        for (int r = 0; r < n; r++) {
            if (lines.get(r + 1).split(",")[1].equals(Integer.toString(digits.label(r)))) {
                right++;
            }
        }
        assertTrue(right >= 20, right + " of " + n + " right");
    }

    @Test
    void badInputIsRefusedWithTheFileAndLine(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("digits.model");
        assertEquals(0, Cli.run("train", "--epochs", "1", "--out", model.toString(), "--progress", "none").status());
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "1,2,3\n");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--input", csv.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains(csv.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aModelOfNumbersRoundTrips(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("gpa.model");
        Cli.Result train = Cli.run("train", "--data", ADMISSIONS, "--target", "gpa", "--categorical", "rank",
                "--standardize", "gre", "--epochs", "5", "--lr", "0.01", "--out", model.toString(), "--json");
        assertEquals(0, train.status(), train.toString());
        assertEquals("mse", train.json().get("loss"));
        assertEquals(null, train.json().get("test_accuracy"));
        Cli.Result evaluate = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(train.json().get("test_loss"), evaluate.json().get("test_loss"));
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--input", ADMISSIONS);
        assertEquals(0, predict.status(), predict.toString());
        assertEquals("row,prediction", predict.out().lines().findFirst().orElseThrow());
        assertEquals(401, predict.out().strip().lines().count());
    }
}
