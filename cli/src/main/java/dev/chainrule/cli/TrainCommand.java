package dev.chainrule.cli;

import dev.chainrule.data.Dataset;
import dev.chainrule.data.Split;
import dev.chainrule.io.Json;
import dev.chainrule.io.Limits;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.io.TrainingRecord;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.metrics.TopKAccuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EarlyStopping;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.Checkpointer;
import dev.chainrule.train.TrainingDivergedException;
import dev.chainrule.train.TrainingInterruptedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code chainrule train}: build a network for the data, train it, report held-out accuracy, save it. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Train a network on a data set and report its accuracy on the held-out part.",
            "Default: 64-50-10 with ReLU, softmax cross-entropy, SGD, on the embedded 8x8 digits (1,797 images)."},
        footer = {"", "Examples:",
            "  chainrule train --hidden 100 --epochs 30 --out digits.model",
            "  chainrule train --plot loss.png --failures failures.png --confusion confusion.png",
            "  chainrule train --network examples/networks/digits-tanh.json --json",
            "  chainrule train --data train.csv --target admit --test-data test.csv --network net.json \\",
            "      --batching full --dtype float64 --loss half-sse --lr 0.005 --epochs 900",
            "", "Exit status: 0 done, 2 bad input, 3 training diverged (nothing saved), 1 internal error."})
final class TrainCommand implements Callable<Integer> {
    /** Exit status when training diverged (a NaN or infinite loss): nothing is saved. */
    static final int DIVERGED = 3;
    /** Exit status after Ctrl-C or SIGTERM stopped a checkpointed run (128 + SIGINT, as shells report it). */
    static final int INTERRUPTED = 130;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataArgs data;

    @Mixin
    ModelOptions network;

    @Mixin
    TrainingOptions training;

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--out", paramLabel = "MODEL", description = "save the trained model to this file (written atomically)")
    Path out;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "start from a saved model (its network, weights and preprocessing) to train more epochs or on"
                    + " new data, or from a safetensors file's weights (e.g. a PyTorch state_dict) for the network the"
                    + " other options describe")
    Path initFrom;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "draw the loss (log scale) and the accuracy, or for numbers the MAE and RMSE, per epoch")
    Path plot;

    @Option(names = "--failures", paramLabel = "PNG", description = "draw up to 60 misclassified test images (image data)")
    Path failures;

    @Option(names = "--confusion", paramLabel = "PNG", description = "draw the test confusion matrix as a heat map")
    Path confusion;

    @Option(names = "--log", paramLabel = "CSV", description = "write one row per epoch (losses, accuracies, learning rate, seconds)")
    Path log;

    @Option(names = "--top-k", paramLabel = "K", description = "also report top-K test accuracy: the true class among the K"
            + " most probable")
    Integer topK;

    @Option(names = "--report", paramLabel = "HTML",
            description = "write one self-contained HTML report of the run: settings, curves, results, failures,"
                    + " timing, per-layer statistics and what looks wrong")
    Path report;

    @Option(names = "--json", description = "make the last line of output one JSON object summing up the run")
    boolean json;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, a line per epoch otherwise), bar, lines, none")
    Progress.Mode progress;

    @Mixin
    ThreadsOption threads;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        training.lrGiven = parsed.hasMatchedOption("--lr");
        training.monitorGiven = parsed.hasMatchedOption("--monitor");
        threads.check();
        List<String> warnings = training.check();
        network.check();
        TrainingData.check(data);
        if (topK != null && topK < 1) {
            throw new IllegalArgumentException("--top-k: must be at least 1, got " + topK);
        }
        if (data.testFraction() == 0 && data.testData == null && (failures != null || confusion != null || topK != null)) {
            throw new IllegalArgumentException("--failures, --confusion and --top-k need test examples, but --test-fraction"
                    + " is 0; give a fraction or --test-data");
        }
        if (data.validationData != null && training.validationFraction != null && training.validationFraction > 0) {
            throw new IllegalArgumentException("give either --validation-data or --validation-fraction, not both");
        }
        for (String w : warnings) {
            err.println("chainrule train: warning: " + w);
        }
        err.flush();

        checkpoints.check();
        InitFrom init = initFrom == null ? null : InitFrom.read(initFrom);
        if (init != null) {
            Map<String, Path> outputs = new LinkedHashMap<>();
            outputs.put("--out", out);
            outputs.put("--plot", plot);
            outputs.put("--failures", failures);
            outputs.put("--confusion", confusion);
            outputs.put("--log", log);
            outputs.put("--report", report);
            init.prepare(parsed, data, out, outputs);
        }
        data.twoClassesAsOneColumn = network.oneOutputForTwoClasses();
        boolean bar = Progress.barFor(progress);
        if (bar) {
            console.print("loading " + data.data + "...");
            console.flush();
        }
        long loadStart = System.nanoTime();
        TrainingData loaded = init != null ? init.load(data, training.seed, network.dtype())
                : TrainingData.load(data, training.seed, network.dtype());
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        if (bar) {
            console.print("\r" + " ".repeat(("loading " + data.data + "...").length()) + "\r");
            console.flush();
        }
        checkPictures(loaded);
        Sequential model = init != null ? init.network(network, loaded, training.seed, console)
                : network.build(loaded, training.seed);

        Dataset fitSet = loaded.train();
        Dataset validation = loaded.validation();
        double validationFraction = training.validationFraction(validation != null);
        if (validation == null && validationFraction > 0) {
            Split split = Split.of(fitSet, validationFraction, training.seed);
            if (split.heldOut().size() == 0 || split.train().size() == 0) {
                throw new IllegalArgumentException("--validation-fraction " + Numbers.seed(validationFraction) + " of "
                        + Numbers.plural(fitSet.size(), "training example") + " leaves "
                        + split.heldOut().size() + " for validation and " + split.train().size() + " for training; both"
                        + " need at least one");
            }
            fitSet = split.train();
            validation = split.heldOut();
        }
        EarlyStopping stopping = training.earlyStopping();
        if (stopping != null && stopping.monitor().needsValidation() && validation == null) {
            throw new IllegalArgumentException("--early-stopping on " + stopping.monitor() + " needs a validation part:"
                    + " give --validation-fraction F (above 0) or --validation-data FILE; the test part is not used to"
                    + " choose an epoch");
        }
        Dataset perEpoch = validation != null ? validation : loaded.heldOut();
        String heldOutLabel = validation != null ? "val" : "test";
        Dataset test = loaded.heldOut();

        int n = fitSet.size();
        Optimizer optimizer = training.optimizer();
        // the weights are allocated; training adds their gradients, the divergence guard's copy and up to two
        // optimizer buffers: refuse now, with the heap named, rather than run out of it in the first epoch
        Limits.checkHeap("training " + ModelOptions.sizes(model) + " (gradients, a copy of the weights, optimizer state)",
                Limits.multiply(model.parameterCount(), 4L * (model.dtype() == DType.FLOAT32 ? Float.BYTES : Double.BYTES)));
        checkActivations(model, Math.max(1, Math.min(training.batchFor(n), n)));
        TrainingConfig config = training.config(n);
        Trainer trainer = new Trainer(model, optimizer, config);
        console.printf(Locale.ROOT, "training %s (%s, loss %s) on %s: %s, %s, %s, %s%n", ModelOptions.sizes(model),
                Numbers.plural(model.parameterCount(), "parameter"), model.loss().name(), loaded.name(),
                partsText(n, validation, validationFraction, loaded.validation() != null, test),
                training.batchText(n), optimizer, Numbers.plural(training.epochs, "epoch"));
        if (perEpoch != null) {
            console.printf(Locale.ROOT, "the epoch lines' %s columns measure the %s (%s)%n", heldOutLabel,
                    validation != null ? "validation part" : "test part", Numbers.plural(perEpoch.size(), "example"));
        }
        Checkpointer checkpointer = checkpoints.active()
                ? checkpoints.checkpointer(model, optimizer, config, loaded, initFrom, report != null, console) : null;
        if (checkpointer != null) {
            trainer.addCallback(checkpointer); // the trainer calls it last: it saves and restores the others' state
        }
        EpochMetrics metrics = new EpochMetrics(model, perEpoch, loaded.tabular());
        trainer.addListener(metrics);
        trainer.addListener(new Progress(console, progress, heldOutLabel, metrics, new TerminalWidth()));
        TrainReport reporter = report == null ? null : new TrainReport(model, optimizer, loaded, validation,
                loaded.validation() != null ? "--validation-data" : Numbers.seed(100 * validationFraction)
                        + "% of the training part, stratified, seed " + training.seed, loadSeconds);
        if (reporter != null) {
            reporter.attachTo(trainer);
        }
        History history;
        TrainingWarmUp.stop(); // the real run starts: the warm-up gives the cores back
        try (StopSignals signals = StopSignals.install(checkpointer)) {
            history = perEpoch == null ? trainer.fit(fitSet) : trainer.fit(fitSet, perEpoch);
        } catch (TrainingInterruptedException e) {
            console.flush();
            err.println("chainrule train: interrupted: " + e.getMessage() + "; resume with the same command and --resume "
                    + e.dir());
            err.flush();
            return INTERRUPTED;
        } catch (TrainingDivergedException e) {
            console.flush();
            err.println("chainrule train: " + e.getMessage());
            if (loaded.classNames().isEmpty() && !data.standardize.contains(data.target)) {
                err.println("chainrule train: the target " + data.target + " is not scaled; --standardize "
                        + data.target + " scales it (undone at predict time)");
            }
            if (log != null && !e.history().epochs().isEmpty()) {
                HistoryLog.write(log, e.history(), heldOutLabel, metrics);
                err.println("chainrule train: wrote " + log + " (the epochs before divergence)");
            }
            err.println("chainrule train: nothing was saved" + (out == null ? "" : " to " + out));
            err.flush();
            if (reporter != null) {
                reporter.write(report, commandLine(), e.history(), training.toMap(n, loaded.validation() != null), null, 0);
                console.println("wrote " + report + " (the report of the diverged run)");
                console.flush();
            }
            return DIVERGED;
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dataset", loaded.name());
        summary.put("train_examples", n);
        summary.put("validation_examples", validation == null ? 0 : validation.size());
        summary.put("test_examples", test == null ? 0 : test.size());
        int epochs = history.epochs().size();
        summary.put("epochs", epochs);
        summary.put("seconds", history.seconds());
        summary.put("seconds_per_epoch", history.seconds() / epochs);
        summary.put("final_train_loss", history.last().trainLoss());

        double testLoss = Double.NaN;
        double testAccuracy = Double.NaN;
        Tensor probabilities = null;
        double evalSeconds = 0;
        if (test != null) {
            testLoss = model.evaluateLoss(test.features(), test.targets());
            long evalStart = System.nanoTime();
            probabilities = model.predict(test.features());
            evalSeconds = (System.nanoTime() - evalStart) / 1e9;
            if (!loaded.classNames().isEmpty()) {
                testAccuracy = Accuracy.of(probabilities, test.targets());
                long right = Math.round(testAccuracy * test.size());
                console.printf(Locale.ROOT, "test accuracy %.4f (%s of %s), test loss %.4f%n", testAccuracy,
                        Numbers.count(right), Numbers.plural(test.size(), "test example"), testLoss);
            } else {
                RegressionMetrics r = EpochMetrics.regression(model, test, loaded.tabular());
                console.printf(Locale.ROOT, "test loss %.6f, mae %s, rmse %s, r2 %.4f on %s%n", testLoss,
                        Numbers.significant(r.meanAbsoluteError()), Numbers.significant(r.rootMeanSquaredError()),
                        r.rSquared(), Numbers.plural(test.size(), "test example"));
                summary.put("test_mae", r.meanAbsoluteError());
                summary.put("test_rmse", r.rootMeanSquaredError());
                summary.put("test_r2", r.rSquared());
            }
        }
        summary.put("test_loss", testLoss);
        summary.put("test_accuracy", testAccuracy);
        if (topK != null) {
            double top = TopKAccuracy.of(probabilities, test.targets(), topK);
            console.printf(Locale.ROOT, "test top-%d accuracy %.4f%n", topK, top);
            summary.put("top_k", topK);
            summary.put("test_top_k_accuracy", top);
        }
        console.printf(Locale.ROOT, "%s in %.2f s (%.3f s per epoch)%s%n", Numbers.plural(epochs, "epoch"),
                history.seconds(), history.seconds() / epochs,
                history.stopReason().equals("completed") ? "" : "; " + history.stopReason());

        summary.put("network", ModelOptions.sizes(model));
        summary.put("loss", model.loss().name());
        summary.put("dtype", model.dtype().toString().toLowerCase(Locale.ROOT));
        summary.put("init", network.init);
        summary.put("parameters", model.parameterCount());
        summary.putAll(training.toMap(n, loaded.validation() != null));
        summary.put("stop_reason", history.stopReason());
        if (history.bestEpoch() > 0) {
            summary.put("best_epoch", history.bestEpoch());
        }

        String title = plotTitle(loaded.name(), ModelOptions.sizes(model), model.loss().name(), training.optimizer,
                training.lr(), training.batchText(n));
        if (out != null) {
            TrainingRecord.Results results = new TrainingRecord.Results(n, test == null ? 0 : test.size(), epochs,
                    history.last().trainLoss(), testLoss, testAccuracy, history.stopReason(), history.bestEpoch());
            TrainingRecord.Settings settings = training.settings(n, loaded.validation() != null,
                    initFrom == null ? null : initFrom.toString(), network.init);
            ModelFile.save(out, SavedModel.builder(model).classNames(loaded.classNames())
                    .preprocessing(loaded.preprocessing()).dataset(DataPaths.relativeTo(loaded.spec(), out))
                    .training(new TrainingRecord(settings, results)).build());
            console.println("saved the model to " + out);
            summary.put("model", out.toString());
        }
        if (log != null) {
            HistoryLog.write(log, history, heldOutLabel, metrics);
            console.println("wrote " + log + " (" + Numbers.plural(epochs, "row") + ", one per epoch)");
        }
        if (plot != null) {
            Charts.history(plot, history, metrics, heldOutLabel, "Training " + title);
            console.println("wrote " + plot + (metrics.regression() ? " (loss, MAE and RMSE per epoch)"
                    : " (loss and accuracy per epoch)"));
        }
        if (failures != null) {
            int wrong = Charts.failures(failures, test, probabilities, loaded.classNames(),
                    loaded.imageHeight(), loaded.imageWidth(), "Misclassified test examples: " + title);
            console.println("wrote " + failures + " (" + Math.min(wrong, Charts.MAX_FAILURES) + " of "
                    + Numbers.plural(wrong, "misclassified test image") + ")");
        }
        if (confusion != null) {
            Charts.confusion(confusion, ConfusionMatrix.of(probabilities, test.targets()), loaded.classNames(),
                    "Confusion matrix, test part of " + title);
            console.println("wrote " + confusion + " (confusion matrix)");
        }
        if (reporter != null) {
            if (checkpointer != null && checkpointer.resumedFrom() != null) {
                reporter.resumedAt(checkpointer.resumedFrom().position());
            }
            reporter.write(report, commandLine(), history, training.toMap(n, loaded.validation() != null), probabilities,
                    evalSeconds);
            console.println("wrote " + report + " (the report of the run)");
            summary.put("report", report.toString());
        }
        if (json) {
            console.println(Json.write(summary));
        }
        console.flush();
        return 0;
    }

    /** The command line as typed, for the report's header. */
    private String commandLine() {
        return Reports.commandLine("train", spec.commandLine().getParseResult().originalArgs());
    }

    /** The pictures' title: data, network, loss, optimizer and learning rate, batches. */
    static String plotTitle(String data, String network, String loss, String optimizer, double lr, String batches) {
        return String.format(Locale.ROOT, "%s, %s, %s, %s lr %s, %s", data, network, loss, optimizer, Numbers.seed(lr),
                batches);
    }

    /** What the pictures and top-k accuracy need of the data, checked before training. */
    private void checkPictures(TrainingData loaded) {
        if (loaded.heldOut() == null && (failures != null || confusion != null || topK != null)) {
            throw new IllegalArgumentException("--failures, --confusion and --top-k need test examples, and "
                    + loaded.name() + " has none held out");
        }
        if (failures != null && !loaded.isImages()) {
            throw new IllegalArgumentException("--failures draws images, but " + loaded.name() + " is not image data");
        }
        if ((failures != null || confusion != null || topK != null) && loaded.classNames().isEmpty()) {
            throw new IllegalArgumentException("--failures, --confusion and --top-k need classes, but " + loaded.name()
                    + " has numeric targets");
        }
        if (topK != null && loaded.outputs() < 2) {
            throw new IllegalArgumentException("--top-k needs one output per class; a two-class network with one output"
                    + " has top-1 accuracy only");
        }
    }

    /**
     * {@code 1,293 training, 145 validation and 359 test examples (validation: 10% of the training part)},
     * {@code 400 training examples (no test part)}.
     */
    static String partsText(int train, Dataset validation, double fraction, boolean validationFile, Dataset test) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(Numbers.count(train) + " training");
        if (validation != null) {
            parts.add(Numbers.count(validation.size()) + " validation");
        }
        if (test != null) {
            parts.add(Numbers.count(test.size()) + " test");
        }
        int last = test != null ? test.size() : validation != null ? validation.size() : train;
        String text = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        text += last == 1 ? " example" : " examples";
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (validation != null) {
            notes.add(validationFile ? "validation: --validation-data"
                    : "validation: " + Numbers.seed(100 * fraction) + "% of the training part");
        }
        if (test == null) {
            notes.add("no test part");
        }
        return notes.isEmpty() ? text : text + " (" + String.join("; ", notes) + ")";
    }

    /**
     * One batch's activations, checked before the first batch allocates them: every layer's output
     * and the gradient that flows back through it. A convolution's outputs, not its weights, are
     * what a wide network runs out of memory on.
     */
    private static void checkActivations(Sequential model, int batch) {
        int bytes = model.dtype() == DType.FLOAT32 ? Float.BYTES : Double.BYTES;
        long total = 0;
        dev.chainrule.tensor.Shape in = model.inputShape();
        for (int i = 0; i < model.layers().size(); i++) {
            dev.chainrule.tensor.Shape shape = model.outputShape(i);
            Limits.checkTensor("layer " + (i + 1) + " (" + model.layers().get(i).config().label(in) + "): its output "
                    + shape + " for a batch of " + batch, batch, shape.size(), bytes);
            total = Limits.multiply(batch, shape.size()) + total;
            in = shape;
        }
        Limits.checkHeap("training " + ModelOptions.sizes(model) + " on batches of " + batch
                + " (every layer's output and its gradient)", Limits.multiply(total, 2L * bytes));
    }
}
