package dev.chainrule.cli;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.Split;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code chainrule train}: build a network for the data, train it, report held-out accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train a network (default: 64-50-10 on the embedded 8x8 digits).")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--hidden", split = ",", defaultValue = "50", description = "hidden layer sizes, e.g. 256,128")
    int[] hidden;

    @Option(names = "--activation", defaultValue = "relu", description = "hidden activation: relu, sigmoid, tanh, leaky_relu")
    String activation;

    @Option(names = "--lr", defaultValue = "0.1", description = "learning rate")
    double lr;

    @Option(names = "--batch", defaultValue = "128", description = "mini-batch size")
    int batch;

    @Option(names = "--epochs", defaultValue = "20", description = "passes over the training set")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "seed of initial weights, split and shuffling")
    long seed;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "fraction of the data held out for testing")
    double testFraction;

    @Option(names = "--json", description = "print a JSON summary as the last line")
    boolean json;

    @Override
    public Integer call() {
        Dataset all = BuiltinDigits.load(DType.FLOAT32);
        Split split = Split.of(all, testFraction, seed);
        Sequential.Builder b = Sequential.builder(all.inputs()).seed(seed);
        for (int h : hidden) {
            b.dense(h).activation(activation);
        }
        Sequential model = b.dense(all.outputs()).loss(new SoftmaxCrossEntropy()).build();
        Trainer trainer = new Trainer(model, new Sgd(lr), TrainingConfig.miniBatch(epochs, batch, seed));
        trainer.addListener(new TrainingListener() {
            @Override
            public boolean onEpochEnd(EpochResult r) {
                System.out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  train acc %.4f  test loss %.4f  test acc %.4f  %.2fs%n",
                        r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(), r.seconds());
                return true;
            }
        });
        History history = trainer.fit(split.train(), split.heldOut());
        Tensor p = model.predict(split.heldOut().features());
        double acc = Accuracy.of(p, split.heldOut().targets());
        System.out.printf(Locale.ROOT, "test accuracy %.4f on %d held-out examples%n", acc, split.heldOut().size());
        if (json) {
            System.out.printf(Locale.ROOT, "{\"dataset\": \"%s\", \"train_examples\": %d, \"test_examples\": %d, \"epochs\": %d,"
                            + " \"seconds\": %.4f, \"seconds_per_epoch\": %.4f, \"final_train_loss\": %.6f, \"test_loss\": %.6f,"
                            + " \"test_accuracy\": %.4f}%n", all.name(), split.train().size(), split.heldOut().size(),
                    history.epochs().size(), history.seconds(), history.seconds() / history.epochs().size(),
                    history.last().trainLoss(), history.last().validationLoss(), acc);
        }
        return 0;
    }
}
