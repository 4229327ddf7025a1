package dev.chainrule.spark;

import dev.chainrule.cli.Main;
import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models cross between Spark and the chainrule command: a model saved from Spark predicts the same
 * (the same float32 probabilities; the command prints them as floats) through {@code chainrule predict} and evaluates to Spark's accuracy in {@code chainrule evaluate};
 * a model saved by {@code chainrule train} loads into Spark and predicts what {@code chainrule
 * predict} prints.
 */
class CommandLineInteropTest {

    @Test
    void aModelSavedFromSparkPredictsTheSameThroughTheCommand(@TempDir Path dir) throws IOException {
        ChainruleClassificationModel model = new ChainruleClassifier().setHiddenLayers(16).setEpochs(2)
                .setBatchSize(64).setMode("averaging").setLocalSteps(4).fit(LocalSpark.frame(Digits.train(600), 2));
        String saved = dir.resolve("spark-model").toString();
        model.write().save(saved);
        Path modelFile = Path.of(saved, "data", "model.chainrule");
        assertTrue(Files.isRegularFile(modelFile));

        Dataset test = Digits.test();
        Path csv = dir.resolve("test-features.csv");
        writeFeatures(test, csv, 1);
        String[] out = run("predict", "--model", modelFile.toString(), "--input", csv.toString());
        List<Row> spark = ChainruleClassificationModel.load(saved).transform(LocalSpark.frame(test, 2))
                .select("probability", "prediction").collectAsList();
        assertEquals("row,predicted,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", out[0]);
        assertEquals(test.size() + 1, out.length);
        for (int r = 0; r < test.size(); r++) {
            String[] fields = out[r + 1].split(",");
            double[] p = ((Vector) spark.get(r).get(0)).toArray();
            assertEquals((int) spark.get(r).getDouble(1), Integer.parseInt(fields[1]), "row " + (r + 1));
            for (int c = 0; c < 10; c++) {
                assertEquals((float) p[c], Float.parseFloat(fields[c + 2]), "row " + (r + 1) + ", class " + c);
            }
        }

        // the model records no data split: the command evaluates on the digits' test part (or all of them)
        String evaluated = String.join("\n", run("evaluate", "--model", modelFile.toString(), "--data", "digits"));
        Dataset part = evaluated.contains("(" + String.format(Locale.ROOT, "%,d", test.size()) + " examples)") ? test
                : DataSource.load("digits", DataOptions.defaults().withTestFraction(0)).train();
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(LocalSpark.frame(part, 2)));
        assertTrue(evaluated.contains(String.format(Locale.ROOT, "accuracy %.4f (", accuracy)), evaluated);
    }

    @Test
    void aModelSavedByTheCommandLoadsIntoSpark(@TempDir Path dir) throws IOException {
        Path modelFile = dir.resolve("digits.model");
        run("train", "--data", "digits", "--epochs", "2", "--out", modelFile.toString());
        ChainruleClassificationModel model = ChainruleClassificationModel.fromModelFile(modelFile.toString());
        assertEquals(10, model.numClasses());
        Dataset test = Digits.test();
        Path csv = dir.resolve("test-pixels.csv");
        writeFeatures(test, csv, 16); // the command reads raw pixels 0..16 and scales them as the model file says
        String[] out = run("predict", "--model", modelFile.toString(), "--input", csv.toString());
        List<Row> spark = model.transform(LocalSpark.frame(test, 2)).select("probability").collectAsList();
        for (int r = 0; r < test.size(); r++) {
            String[] fields = out[r + 1].split(",");
            double[] p = ((Vector) spark.get(r).get(0)).toArray();
            for (int c = 0; c < 10; c++) {
                assertEquals((float) p[c], Float.parseFloat(fields[c + 2]), "row " + (r + 1) + ", class " + c);
            }
        }
    }

    /** Writes the features of {@code data}, times {@code scale}, as a CSV file without a header. */
    static void writeFeatures(Dataset data, Path csv, double scale) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < data.size(); r++) {
            for (int c = 0; c < data.inputs(); c++) {
                sb.append(c == 0 ? "" : ",").append(Math.round(data.features().get(r, c) * scale * 1e6) / 1e6);
            }
            sb.append('\n');
        }
        Files.writeString(csv, sb);
    }

    /** Runs the chainrule command in this JVM; returns standard output's lines; fails on a non-zero exit. */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, status, "chainrule " + String.join(" ", args) + ": " + err);
        return out.toString().split("\n");
    }
}
