package dev.chainrule.cli;

import dev.chainrule.cli.report.HtmlReport;
import dev.chainrule.cli.report.ReportParts;
import dev.chainrule.cli.report.RunRecorder;
import dev.chainrule.cli.report.TrainingReport;
import dev.chainrule.cli.report.TrainingReport.Item;
import dev.chainrule.data.Dataset;
import dev.chainrule.diagnostics.Diagnosis;
import dev.chainrule.diagnostics.Finding;
import dev.chainrule.diagnostics.LayerStatisticsCollector;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train --report}: the listeners that record the run (batch losses and learning rates,
 * per-layer statistics, the test part after each epoch when the epochs validate on another
 * part), and the report they make. Created only when a report is asked for.
 */
final class TrainReport {
    private static final Map<String, String> LABELS = Map.of("lr", "learning rate", "l2", "L2 penalty",
            "clip_norm", "clip gradient norm (0: off)", "early_stopping", "early stopping patience (0: off)",
            "batch", "batch size", "epochs", "epochs asked for", "weight_decay", "decoupled weight decay");
    private final Sequential model;
    private final Optimizer optimizer;
    private final TrainingData data;
    private final Dataset validation;
    private final String validationSource;
    private final RunRecorder recorder;
    private final LayerStatisticsCollector statistics;
    private final double loadSeconds;
    /** Where a resumed run took up the interrupted one ({@code epoch 2, batch 10 of 90 (step 100)}), or null. */
    private String resumedAt;

    /**
     * @param validation       the part each epoch validates on apart from the test part, or null
     *                         (then the epochs measure the test part, if any)
     * @param validationSource where the validation part came from, e.g. "10% of the training part"
     */
    TrainReport(Sequential model, Optimizer optimizer, TrainingData data, Dataset validation, String validationSource,
                double loadSeconds) {
        this.model = model;
        this.optimizer = optimizer;
        this.data = data;
        this.validation = validation;
        this.validationSource = validationSource;
        this.loadSeconds = loadSeconds;
        this.recorder = new RunRecorder(model, validation != null ? data.heldOut() : null);
        this.statistics = new LayerStatisticsCollector();
    }

    /** Notes that the run resumed an interrupted one at {@code position} (its timings start there). */
    void resumedAt(String position) {
        this.resumedAt = position;
    }

    void attachTo(Trainer trainer) {
        trainer.addCallback(recorder);
        trainer.addCallback(statistics);
    }

    /**
     * Writes the report.
     *
     * @param probabilities predictions for the held-out part, or null (nothing held out, or diverged)
     * @param evalSeconds   seconds the held-out predictions took
     */
    void write(Path file, String command, History history, Map<String, Object> settings, Tensor probabilities,
               double evalSeconds) throws IOException {
        RegressionMetrics regression = data.heldOut() == null || probabilities == null || !data.classNames().isEmpty()
                ? null : EpochMetrics.regression(model, data.heldOut(), data.tabular());
        Dataset heldOut = data.heldOut();
        int trainExamples = data.train().size();
        long perEpoch = recorder.examplesPerEpoch();
        String validationName = validation != null ? "validation" : heldOut != null ? "test" : null;
        List<Finding> findings = Diagnosis.of(history, statistics.statistics());
        List<Item> training = new ArrayList<>();
        training.add(new Item("optimizer", optimizer.toString()));
        settings.forEach((k, v) -> {
            if (!k.equals("optimizer")) {
                training.add(new Item(LABELS.getOrDefault(k, k.replace('_', ' ')), String.valueOf(v)));
            }
        });
        training.add(new Item("epochs run", history.epochs().size() + " (" + history.stopReason() + ")"));

        List<Item> timing = new ArrayList<>();
        timing.add(new Item("data loading", String.format(Locale.ROOT, "%.2f s", loadSeconds)));
        double seconds = history.seconds();
        int epochs = history.epochs().size();
        timing.add(new Item("training", String.format(Locale.ROOT, "%.2f s for %d epochs (%.3f s per epoch)", seconds,
                epochs, epochs == 0 ? 0 : seconds / epochs)));
        if (seconds > 0) {
            timing.add(new Item("training throughput", Numbers.count(perEpoch * epochs / seconds)
                    + " examples per second (forward, backward and update)"));
        }
        TrainingReport.Results results = null;
        TrainingReport.Failures failures = null;
        List<String> notes = new ArrayList<>();
        if (resumedAt != null) {
            notes.add("This run resumed an interrupted one from its checkpoint at " + resumedAt + ". Its curves, results"
                    + " and statistics are those of the whole run; the timings of the epochs before are the interrupted"
                    + " run's, and an epoch it resumed inside is timed from the resume only.");
        }
        if (heldOut != null && probabilities != null) {
            timing.add(new Item("held-out predictions", String.format(Locale.ROOT, "%.1f ms for %s examples (%s per"
                    + " second)", 1000 * evalSeconds, Numbers.count(heldOut.size()), Numbers.count(heldOut.size()
                    / Math.max(1e-9, evalSeconds)))));
            results = ReportParts.results(heldOutPhrase(), model, heldOut, probabilities, data.classNames(),
                    regression);
            if (data.isImages() && !data.classNames().isEmpty()) {
                failures = ReportParts.failures(heldOut, probabilities, data.classNames(), data.imageHeight(),
                        data.imageWidth());
            }
        } else if (heldOut == null) {
            notes.add("Nothing was held out (--test-fraction 0), so the report has no results on unseen examples.");
        } else {
            notes.add("Training diverged, so the report has no results on the held-out examples.");
        }
        timing.add(new Item("report measurements", "the per-layer statistics watch "
                + LayerStatisticsCollector.DEFAULT_SAMPLED_STEPS + " steps per epoch (outputs, gradients and a copy of"
                + " the weights), inside the epoch times"));
        String title = "Training report: " + data.name() + ", " + ModelOptions.sizes(model);
        TrainingReport report = new TrainingReport(title, command, findings, ReportParts.network(model), training,
                dataItems(perEpoch), recorder.curves(history, validationName), results, failures, timing,
                statistics.statistics(), notes);
        HtmlReport.write(file, report);
    }

    private String heldOutPhrase() {
        return "the held-out part of " + data.name() + " (" + Numbers.count(data.heldOut().size()) + " examples)";
    }

    private List<Item> dataItems(long perEpoch) {
        List<Item> items = new ArrayList<>();
        items.add(new Item("data set", data.name()));
        items.add(new Item("features", data.inputs() + (data.isImages() ? " (" + data.imageHeight() + " x "
                + data.imageWidth() + " pixels)" : "")));
        items.add(new Item("targets", data.classNames().isEmpty() ? data.outputs() + " numbers"
                : data.classNames().size() + " classes: " + String.join(", ", data.classNames())));
        items.add(new Item("training examples", Numbers.count(perEpoch)));
        if (validation != null) {
            items.add(new Item("validation examples", Numbers.count(validation.size()) + " (" + validationSource + ")"));
        }
        DatasetRecord spec = data.spec();
        String source = spec.data();
        String testSource = spec.testData() != null ? "the file " + spec.testData()
                : source.equals("digits") || java.nio.file.Files.isRegularFile(Path.of(source))
                ? "a fraction " + spec.testFraction() + " held out, seed " + spec.seed() : "the data set's test files";
        items.add(new Item("test examples", data.heldOut() == null ? "none"
                : Numbers.count(data.heldOut().size()) + " (" + testSource + ")"));
        items.add(new Item("preprocessing", ReportParts.describe(data.preprocessing())));
        return items;
    }
}
