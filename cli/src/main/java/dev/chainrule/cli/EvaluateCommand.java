package dev.chainrule.cli;

import dev.chainrule.data.Dataset;
import dev.chainrule.io.Json;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.io.TrainingRecord;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.metrics.TopKAccuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code chainrule evaluate}: a saved model's accuracy, loss, confusion matrix and per-class scores. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Evaluate a saved model: accuracy, loss, the confusion matrix and per-class precision, recall and F1.",
            "Without --data it uses the held-out part of the data set the model was trained on (the same data, test"
                + " fraction and seed, as recorded in the model file), so it repeats the accuracy train printed."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model file saved by train --out; required")
    Path modelFile;

    @Option(names = "--data", paramLabel = "D",
            description = "evaluate on all of this data set instead (a built-in name, an IDX folder, a CSV file with the"
                    + " training columns, or for an image model a CSV of pixel rows with a label column); its preprocessing is"
                    + " the saved one")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where built-in data sets are looked up first")
    Path dataDir;

    @Option(names = "--confusion", paramLabel = "PNG", description = "also draw the confusion matrix as a heat map")
    Path confusion;

    @Option(names = "--top-k", paramLabel = "K", description = "also report top-K accuracy: the true class among the K"
            + " most probable")
    Integer topK;

    @Option(names = "--report", paramLabel = "HTML",
            description = "write one self-contained HTML report: the model and how it was trained, the results,"
                    + " the confusion matrix, per-class scores, misclassified images (image data) and timing")
    Path report;

    @Option(names = "--json", description = "make the last line of output one JSON object: the evaluation's figures, and the epochs and final training loss the model file records")
    boolean json;

    @Mixin
    ThreadsOption threads;

    @Mixin
    CsvFormatArgs format = new CsvFormatArgs();

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        threads.check();
        if (topK != null && topK < 1) {
            throw new IllegalArgumentException("--top-k: must be at least 1, got " + topK);
        }
        PrintWriter out = spec.commandLine().getOut();
        SavedModel saved = ModelFile.load(modelFile);
        Sequential model = saved.model();
        TrainingRecord record = saved.training();
        Dataset test;
        String dataName;
        String what;
        long loadStart = System.nanoTime();
        int trainExamples = record == null ? 0 : record.results().trainExamples();
        if (saved.dataset() == null && data == null) {
            throw new IllegalArgumentException(modelFile + " records no data set; give --data");
        }
        DataArgs recorded = SavedData.args(saved, modelFile);
        long seed = saved.dataset() == null ? 1 : saved.dataset().seed();
        if (data != null) {
            test = SavedData.newData(data, recorded, seed, dataDir, saved, modelFile, format);
            dataName = data;
            what = (Files.isRegularFile(Path.of(data)) ? "all of " : "the test part of ") + data + " ("
                    + Numbers.plural(test.size(), "example") + ")";
        } else {
            recorded.dataDir = dataDir;
            DataPaths.requireTrainingColumns(Path.of(recorded.data), saved.preprocessing(), saved.dataset(), modelFile);
            if (recorded.testData != null) {
                DataPaths.requireTrainingColumns(recorded.testData, saved.preprocessing(), saved.dataset(), modelFile);
            }
            OutputFiles.requireNotInput("--confusion", confusion, Path.of(recorded.data), "the data " + modelFile + " records");
            OutputFiles.requireNotInput("--report", report, Path.of(recorded.data), "the data " + modelFile + " records");
            // the saved preprocessing, not one fitted again: a model trained further on other data keeps the first fit
            TrainingData loaded = TrainingData.load(recorded, seed, model.dtype(), saved.preprocessing());
            if (loaded.heldOut() == null) {
                throw new IllegalArgumentException(modelFile + " was trained on all of " + recorded.data
                        + " (test fraction 0), so nothing is held out; give --data");
            }
            test = loaded.heldOut();
            trainExamples = loaded.train().size();
            dataName = loaded.name();
            boolean split = recorded.data.equals("digits") || Files.isRegularFile(Path.of(recorded.data));
            if (recorded.testData != null) {
                what = String.format(Locale.ROOT, "the test file %s (%s)", recorded.testData,
                        Numbers.plural(test.size(), "example"));
            } else if (split) {
                what = String.format(Locale.ROOT, "the held-out part of %s (%s; test fraction %s, seed %d)",
                        loaded.name(), Numbers.plural(test.size(), "example"), Numbers.seed(recorded.testFraction()), seed);
            } else {
                what = String.format(Locale.ROOT, "the test files of %s (%s)", loaded.name(),
                        Numbers.plural(test.size(), "example"));
            }
        }
        if (test.inputs() != model.inputs() || test.outputs() != model.outputs()) {
            throw new IllegalArgumentException(dataName + " has " + Numbers.plural(test.inputs(), "feature") + " and "
                    + Numbers.plural(test.outputs(), "target column") + ", but the model takes "
                    + Numbers.plural(model.inputs(), "input") + " and has " + Numbers.plural(model.outputs(), "output"));
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        double loss = model.evaluateLoss(test.features(), test.targets());
        long predictStart = System.nanoTime();
        Tensor p = model.predict(test.features());
        double predictSeconds = (System.nanoTime() - predictStart) / 1e9;
        List<String> classNames = saved.classNames();
        boolean classes = !classNames.isEmpty();
        if (topK != null && (!classes || model.outputs() < 2)) {
            throw new IllegalArgumentException("--top-k needs a model with one output per class");
        }
        ConfusionMatrix matrix = classes ? ConfusionMatrix.of(p, test.targets()) : null;

        out.printf(Locale.ROOT, "model %s: %s, loss %s, %s%n", modelFile, ModelOptions.sizes(model),
                model.loss().name(), Numbers.plural(model.parameterCount(), "parameter"));
        out.printf(Locale.ROOT, "evaluated on %s%n", what);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataName);
        m.put("train_examples", trainExamples);
        m.put("test_examples", test.size());
        // the --json contract's keys for train and evaluate; here they describe how the evaluated model was
        // trained, as its file records it (timings are not kept in model files, so those two are null)
        m.put("epochs", record == null ? null : record.results().epochsRun());
        m.put("seconds", null);
        m.put("seconds_per_epoch", null);
        m.put("final_train_loss", record == null ? null : record.results().finalTrainLoss());
        m.put("test_loss", loss);
        if (classes) {
            out.printf(Locale.ROOT, "accuracy %.4f (%s of %s), loss %.4f%n", matrix.accuracy(),
                    Numbers.count(Math.round(matrix.accuracy() * test.size())), Numbers.count(test.size()), loss);
            m.put("test_accuracy", matrix.accuracy());
            if (topK != null) {
                double top = TopKAccuracy.of(p, test.targets(), topK);
                out.printf(Locale.ROOT, "top-%d accuracy %.4f%n", topK, top);
                m.put("top_k", topK);
                m.put("test_top_k_accuracy", top);
            }
            out.println();
            printConfusion(out, matrix, classNames);
            out.println();
            printScores(out, matrix, classNames);
        }
        RegressionMetrics regression = null;
        if (!classes) {
            Preprocessing pre = saved.preprocessing();
            RegressionMetrics r = EpochMetrics.regression(model, test,
                    pre instanceof TabularPreprocessing t ? t : null);
            regression = r;
            out.printf(Locale.ROOT, "loss %.6f, mae %s, rmse %s, r2 %.4f%n", loss, Numbers.significant(r.meanAbsoluteError()),
                    Numbers.significant(r.rootMeanSquaredError()), r.rSquared());
            m.put("test_accuracy", Double.NaN);
            m.put("test_mae", r.meanAbsoluteError());
            m.put("test_rmse", r.rootMeanSquaredError());
            m.put("test_r2", r.rSquared());
        }
        if (confusion != null) {
            if (!classes) {
                throw new IllegalArgumentException("--confusion needs classes, but the model predicts numbers");
            }
            Charts.confusion(confusion, matrix, classNames, "Confusion matrix: " + modelFile.getFileName() + " on " + dataName);
            out.println("wrote " + confusion + " (confusion matrix)");
        }
        if (report != null) {
            EvaluateReport.write(report, Reports.commandLine("evaluate", spec.commandLine().getParseResult().originalArgs()),
                    modelFile, saved, test, what, p, regression, loadSeconds, predictSeconds);
            out.println("wrote " + report + " (the report of the evaluation)");
        }
        if (json) {
            m.put("model", modelFile.toString());
            m.put("network", ModelOptions.sizes(model));
            m.put("loss", model.loss().name());
            if (classes) {
                m.put("class_names", classNames);
                List<Object> rows = new ArrayList<>();
                for (long[] row : matrix.counts()) {
                    List<Long> r = new ArrayList<>();
                    for (long v : row) {
                        r.add(v);
                    }
                    rows.add(r);
                }
                m.put("confusion_matrix", rows);
                List<Object> perClass = new ArrayList<>();
                for (int c = 0; c < matrix.classes(); c++) {
                    Map<String, Object> sc = new LinkedHashMap<>();
                    sc.put("class", name(classNames, c));
                    sc.put("precision", matrix.precision(c));
                    sc.put("recall", matrix.recall(c));
                    sc.put("f1", matrix.f1(c));
                    sc.put("support", matrix.support(c));
                    perClass.add(sc);
                }
                m.put("per_class", perClass);
            }
            out.println(Json.write(m));
        }
        out.flush();
        return 0;
    }

    private static String name(List<String> names, int c) {
        return c < names.size() ? names.get(c) : Integer.toString(c);
    }

    private static void printConfusion(PrintWriter out, ConfusionMatrix m, List<String> names) {
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        String[] header = new String[m.classes() + 1];
        header[0] = "true \\ predicted";
        for (int c = 0; c < m.classes(); c++) {
            header[c + 1] = name(names, c);
        }
        TextTable t = new TextTable("  ", header);
        for (int r = 0; r < m.classes(); r++) {
            Object[] row = new Object[m.classes() + 1];
            row[0] = name(names, r);
            for (int c = 0; c < m.classes(); c++) {
                row[c + 1] = Numbers.count(m.count(r, c));
            }
            t.row(row);
        }
        t.print(out);
    }

    private static void printScores(PrintWriter out, ConfusionMatrix m, List<String> names) {
        TextTable t = new TextTable("  ", "class", "precision", "recall", "F1", "support");
        double sp = 0;
        double sr = 0;
        double sf = 0;
        int k = m.classes();
        for (int c = 0; c < k; c++) {
            t.row(name(names, c), Numbers.f4(m.precision(c)), Numbers.f4(m.recall(c)), Numbers.f4(m.f1(c)),
                    Numbers.count(m.support(c)));
            sp += nanToZero(m.precision(c));
            sr += nanToZero(m.recall(c));
            sf += nanToZero(m.f1(c));
        }
        t.row("macro average", Numbers.f4(sp / k), Numbers.f4(sr / k), Numbers.f4(sf / k), Numbers.count(m.total()));
        t.print(out);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
