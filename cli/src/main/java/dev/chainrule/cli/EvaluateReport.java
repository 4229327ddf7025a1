package dev.chainrule.cli;

import dev.chainrule.cli.report.HtmlReport;
import dev.chainrule.cli.report.ReportParts;
import dev.chainrule.cli.report.TrainingReport;
import dev.chainrule.cli.report.TrainingReport.Item;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.io.SavedModel;
import dev.chainrule.io.TrainingRecord;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code evaluate --report}: what applies to a saved model. The settings come from the model
 * file (the network, and the training settings, results and data spec it records); the results,
 * the failures grid and the timing from this evaluation. A model file keeps no per-epoch history,
 * so there are no curves and no per-layer statistics: {@code train --report} has them.
 */
final class EvaluateReport {
    private EvaluateReport() {
    }

    /** The recorded training settings and results as rows, or none when the model file has no record. */
    private static List<Item> training(TrainingRecord record) {
        List<Item> items = new ArrayList<>();
        if (record == null) {
            return items;
        }
        TrainingRecord.Settings s = record.settings();
        TrainingRecord.Results r = record.results();
        items.add(new Item("optimizer", s.optimizer() + ", learning rate " + s.learningRate()
                + (Double.isNaN(s.momentum()) ? "" : ", momentum " + s.momentum())));
        items.add(new Item("schedule", s.schedule()));
        items.add(new Item("penalties", "L2 " + s.l2() + ", decoupled weight decay " + s.weightDecay()
                + (s.clipNorm() > 0 ? ", gradient norm clipped at " + s.clipNorm() : "")));
        items.add(new Item("batch size", Integer.toString(s.batch())));
        items.add(new Item("epochs", r.epochsRun() + " run of " + s.epochs() + " (" + r.stopReason() + ")"
                + (r.bestEpoch() > 0 ? ", weights of epoch " + r.bestEpoch() : "")));
        if (s.patience() > 0) {
            items.add(new Item("early stopping", "patience " + s.patience() + " on " + s.monitor()));
        }
        if (s.validationFraction() > 0) {
            items.add(new Item("validation fraction", Double.toString(s.validationFraction())));
        }
        items.add(new Item("seed", Long.toString(s.seed())));
        if (s.initFrom() != null) {
            items.add(new Item("started from", s.initFrom()));
        }
        items.add(new Item("examples", Numbers.count(r.trainExamples()) + " trained on, " + Numbers.count(r.testExamples())
                + " held out"));
        items.add(new Item("recorded results", String.format(Locale.ROOT, "final training loss %.4f, test loss %.4f,"
                + " test accuracy %s", r.finalTrainLoss(), r.testLoss(), Numbers.f4(r.testAccuracy()))));
        return items;
    }

    static void write(Path file, String command, Path modelFile, SavedModel saved, Dataset test, String what,
                      Tensor probabilities, RegressionMetrics regression, double loadSeconds, double predictSeconds)
            throws IOException {
        List<Item> training = training(saved.training());
        List<Item> data = new ArrayList<>();
        DatasetRecord d = saved.dataset();
        if (d != null) {
            data.add(new Item("trained on", d.data() + (d.target() == null ? "" : ", target " + d.target())
                    + (d.categorical().isEmpty() ? "" : ", one-hot " + String.join(", ", d.categorical()))
                    + (d.standardize().isEmpty() ? "" : ", standardized " + String.join(", ", d.standardize()))));
            data.add(new Item("split", "a fraction " + d.testFraction() + " held out for testing, seed " + d.seed()));
        }
        data.add(new Item("evaluated on", what));
        Preprocessing pre = saved.preprocessing();
        data.add(new Item("preprocessing (saved)", ReportParts.describe(pre)));
        List<String> classNames = saved.classNames();
        TrainingReport.Results results = ReportParts.results(what, saved.model(), test, probabilities, classNames,
                regression);
        TrainingReport.Failures failures = null;
        if (pre instanceof PixelScaling pixels && !classNames.isEmpty()) {
            failures = ReportParts.failures(test, probabilities, classNames, pixels.height(), pixels.width());
        }
        List<Item> timing = new ArrayList<>();
        timing.add(new Item("data loading", String.format(Locale.ROOT, "%.2f s", loadSeconds)));
        timing.add(new Item("predictions", String.format(Locale.ROOT, "%.1f ms for %s examples (%s per second)",
                1000 * predictSeconds, Numbers.count(test.size()), Numbers.count(test.size() / Math.max(1e-9,
                        predictSeconds)))));
        List<String> notes = List.of("A model file keeps no per-epoch history, so this report has no training curves"
                + " and no per-layer statistics; train --report draws them during training.");
        String title = "Evaluation report: " + modelFile.getFileName() + ", " + ModelOptions.sizes(saved.model());
        HtmlReport.write(file, new TrainingReport(title, command, null, ReportParts.network(saved.model()), training,
                data, null, results, failures, timing, List.of(), notes));
    }
}
