package dev.chainrule.cli;

import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Sgd;
import dev.chainrule.train.TrainingConfig;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train: the optimizer and the epochs and batches. A mixin of {@code train}; optimizers,
 * schedules, dropout and early stopping add their options here.
 */
final class TrainingOptions {
    /** Below this many training examples the default batch is {@link #SMALL_DATA_BATCH}. */
    static final int SMALL_DATA = 10_000;
    static final int SMALL_DATA_BATCH = 32;
    static final int DEFAULT_BATCH = 128;

    @Option(names = "--lr", defaultValue = "0.1", description = "learning rate")
    double lr;

    @Option(names = "--batch", paramLabel = "N",
            description = "examples per update (default: " + DEFAULT_BATCH + ", or " + SMALL_DATA_BATCH
                    + " when there are fewer than 10,000 training examples, as the embedded digits)")
    Integer batch;

    @Option(names = "--epochs", defaultValue = "20", description = "passes over the training set")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the initial weights, the split and the shuffling")
    long seed;

    /** The batch size for {@code trainExamples}: as given, or the default for that much data. */
    int batchFor(int trainExamples) {
        if (batch != null) {
            return batch;
        }
        return trainExamples < SMALL_DATA ? SMALL_DATA_BATCH : DEFAULT_BATCH;
    }

    Optimizer optimizer() {
        return new Sgd(lr);
    }

    TrainingConfig config(int trainExamples) {
        return TrainingConfig.miniBatch(epochs, batchFor(trainExamples), seed);
    }

    /** The settings as a model file records them. */
    Map<String, Object> toMap(int trainExamples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", "sgd");
        m.put("lr", lr);
        m.put("batch", batchFor(trainExamples));
        m.put("epochs", epochs);
        m.put("seed", seed);
        return m;
    }
}
