package dev.chainrule.cli;

import dev.chainrule.io.Json;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.io.TrainingRecord;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.History;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
            "  chainrule train --network examples/networks/digits-tanh.json --json"})
final class TrainCommand implements Callable<Integer> {
    /** Exit status when training diverged (a NaN or infinite loss): nothing is saved. */
    static final int DIVERGED = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataArgs data;

    @Mixin
    ModelOptions network;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", paramLabel = "MODEL", description = "save the trained model to this file (written atomically)")
    Path out;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "start from a saved model (its network, weights and preprocessing) to train more epochs or on"
                    + " new data, or from a safetensors file's weights (e.g. a PyTorch state_dict) for the network the"
                    + " other options describe")
    Path initFrom;

    @Option(names = "--plot", paramLabel = "PNG", description = "draw training and held-out loss and accuracy per epoch")
    Path plot;

    @Option(names = "--failures", paramLabel = "PNG", description = "draw up to 60 misclassified held-out images (image data)")
    Path failures;

    @Option(names = "--confusion", paramLabel = "PNG", description = "draw the held-out confusion matrix as a heat map")
    Path confusion;

    @Option(names = "--json", description = "make the last line of output one JSON object summing up the run")
    boolean json;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, a line per epoch otherwise), bar, lines, none")
    Progress.Mode progress;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        InitFrom init = initFrom == null ? null : InitFrom.read(initFrom);
        if (init != null) {
            init.prepare(spec.commandLine().getParseResult(), data, out);
        }
        TrainingData loaded = init != null ? init.load(data, training.seed) : TrainingData.load(data, training.seed);
        if (loaded.heldOut() == null && (failures != null || confusion != null)) {
            throw new IllegalArgumentException("--failures and --confusion need held-out examples; --test-fraction is 0");
        }
        if (failures != null && !loaded.isImages()) {
            throw new IllegalArgumentException("--failures draws images, but " + loaded.name() + " is not image data");
        }
        if ((failures != null || confusion != null) && loaded.classNames().isEmpty()) {
            throw new IllegalArgumentException("--failures and --confusion need classes, but " + loaded.name()
                    + " has numeric targets");
        }
        training.lrGiven = spec.commandLine().getParseResult().hasMatchedOption("--lr");
        Sequential model = init != null ? init.network(network, loaded, training.seed, console)
                : network.build(loaded, training.seed);
        int n = loaded.train().size();
        Optimizer optimizer = training.optimizer();
        TrainingConfig config = training.config(n);
        Trainer trainer = new Trainer(model, optimizer, config);
        console.printf(Locale.ROOT, "training %s (%s parameters, loss %s) on %s: %s training and %s held-out examples,"
                        + " batch %d, %s, %d epochs%n", ModelOptions.sizes(model), Numbers.count(model.parameterCount()),
                model.loss().name(), loaded.name(), Numbers.count(n),
                Numbers.count(loaded.heldOut() == null ? 0 : loaded.heldOut().size()), training.batchFor(n),
                optimizer, training.epochs);
        if (config.validationFraction() > 0) {
            console.printf(Locale.ROOT, "validating each epoch on %.0f%% of the training examples, held out from training"
                    + " (the epoch lines' test columns are that validation part)%n", 100 * config.validationFraction());
        }
        trainer.addListener(new Progress(console, progress, n));
        History history;
        TrainingWarmUp.stop(); // the real run starts: the warm-up gives the cores back
        try {
            history = config.validationFraction() > 0 ? trainer.fit(loaded.train())
                    : trainer.fit(loaded.train(), loaded.heldOut());
        } catch (TrainingDivergedException e) {
            console.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("chainrule train: " + e.getMessage());
            err.println("chainrule train: nothing was saved" + (out == null ? "" : " to " + out));
            err.flush();
            return DIVERGED;
        }

        double testLoss = Double.NaN;
        double testAccuracy = Double.NaN;
        Tensor probabilities = null;
        if (loaded.heldOut() != null) {
            testLoss = model.evaluateLoss(loaded.heldOut().features(), loaded.heldOut().targets());
            probabilities = model.predict(loaded.heldOut().features());
            if (!loaded.classNames().isEmpty()) {
                testAccuracy = Accuracy.of(probabilities, loaded.heldOut().targets());
                long right = Math.round(testAccuracy * loaded.heldOut().size());
                console.printf(Locale.ROOT, "test accuracy %.4f (%d of %d held-out examples), test loss %.4f%n",
                        testAccuracy, right, loaded.heldOut().size(), testLoss);
            } else {
                console.printf(Locale.ROOT, "test loss %.6f on %d held-out examples%n", testLoss, loaded.heldOut().size());
            }
        }
        int epochs = history.epochs().size();
        console.printf(Locale.ROOT, "%d epochs in %.2f s (%.3f s per epoch)%s%n", epochs, history.seconds(),
                history.seconds() / epochs, history.stopReason().equals("completed") ? "" : "; " + history.stopReason());

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dataset", loaded.name());
        summary.put("train_examples", n);
        summary.put("test_examples", loaded.heldOut() == null ? 0 : loaded.heldOut().size());
        summary.put("epochs", epochs);
        summary.put("seconds", history.seconds());
        summary.put("seconds_per_epoch", history.seconds() / epochs);
        summary.put("final_train_loss", history.last().trainLoss());
        summary.put("test_loss", testLoss);
        summary.put("test_accuracy", testAccuracy);
        summary.put("network", ModelOptions.sizes(model));
        summary.put("loss", model.loss().name());
        summary.put("parameters", model.parameterCount());
        summary.putAll(training.toMap(n));
        summary.put("stop_reason", history.stopReason());
        if (history.bestEpoch() > 0) {
            summary.put("best_epoch", history.bestEpoch());
        }

        String title = String.format(Locale.ROOT, "%s, %s, %s, lr %s, batch %d", loaded.name(), ModelOptions.sizes(model),
                model.loss().name(), Numbers.seed(training.lr()), training.batchFor(n));
        if (out != null) {
            TrainingRecord.Results results = new TrainingRecord.Results(n,
                    loaded.heldOut() == null ? 0 : loaded.heldOut().size(), epochs, history.last().trainLoss(), testLoss,
                    testAccuracy, history.stopReason(), history.bestEpoch());
            ModelFile.save(out, SavedModel.builder(model).classNames(loaded.classNames())
                    .preprocessing(loaded.preprocessing()).dataset(DataPaths.relativeTo(loaded.spec(), out))
                    .training(new TrainingRecord(training.settings(n, initFrom == null ? null : initFrom.toString()), results)).build());
            console.println("saved the model to " + out);
            summary.put("model", out.toString());
        }
        if (plot != null) {
            Charts.history(plot, history, "Training " + title);
            console.println("wrote " + plot + " (loss and accuracy per epoch)");
        }
        if (failures != null) {
            int wrong = Charts.failures(failures, loaded.heldOut(), probabilities, loaded.classNames(),
                    loaded.imageHeight(), loaded.imageWidth(), "Misclassified held-out examples: " + title);
            console.println("wrote " + failures + " (" + Math.min(wrong, Charts.MAX_FAILURES) + " of " + wrong
                    + " misclassified held-out images)");
        }
        if (confusion != null) {
            Charts.confusion(confusion, ConfusionMatrix.of(probabilities, loaded.heldOut().targets()), loaded.classNames(),
                    "Confusion matrix, held-out part of " + title);
            console.println("wrote " + confusion + " (confusion matrix)");
        }
        if (json) {
            console.println(Json.write(summary));
        }
        console.flush();
        return 0;
    }
}
