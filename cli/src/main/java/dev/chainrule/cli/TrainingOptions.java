package dev.chainrule.cli;

import dev.chainrule.io.TrainingRecord;
import dev.chainrule.optim.LearningRateSchedule;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Optimizers;
import dev.chainrule.train.Batching;
import dev.chainrule.train.EarlyStopping;
import dev.chainrule.train.TrainingConfig;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to train: the optimizer and its penalties, the learning-rate schedule, the epochs and
 * batches, gradient clipping, the validation split and early stopping. A mixin of {@code train}.
 * {@link #check()} refuses a bad value with a message that starts with the option's name.
 */
final class TrainingOptions {
    /** Below this many training examples the default batch is {@link #SMALL_DATA_BATCH}. */
    static final int SMALL_DATA = 10_000;
    static final int SMALL_DATA_BATCH = 32;
    static final int DEFAULT_BATCH = 128;
    /** The validation fraction when early stopping watches a validation metric and none is given. */
    static final double EARLY_STOPPING_VALIDATION = 0.1;
    /** {@code --batching} names, in the order the help lists them. */
    static final List<String> BATCHING_NAMES = List.of("shuffled", "full", "sampled", "ordered");

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME", completionCandidates = Completions.Optimizers.class,
            description = "sgd, momentum, nesterov, adam, adamw, rmsprop")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.1", paramLabel = "RATE",
            description = "learning rate (when not given: 0.001 for adam, adamw and rmsprop)")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "MU",
            description = "momentum of --optimizer momentum and nesterov: v = MU v + g")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD",
            description = "decoupled weight decay, w *= 1 - lr * WD each step, on every parameter"
                    + " (default: 0, or 0.01 for adamw)")
    Double weightDecay;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "L2",
            description = "L2 penalty: L2 * w added to every gradient (PyTorch's weight_decay of SGD and Adam)")
    double l2;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "S",
            description = "learning rate per epoch: constant, step:EVERY:GAMMA, exp:GAMMA, cosine[:MIN],"
                    + " warmup:N[+S]; add @step to count optimizer steps instead of epochs")
    String schedule;

    @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "MAX",
            description = "scale the gradients down to this global norm when larger (0: no clipping)")
    double clipNorm;

    @Option(names = "--batching", defaultValue = "shuffled", paramLabel = "MODE",
            completionCandidates = Completions.BatchingModes.class,
            description = "how an epoch is cut into batches: shuffled (a new order every epoch), full (one update of"
                    + " every example, seed 000), sampled (drawn with replacement, seed 001), ordered (file order, no"
                    + " shuffling)")
    String batching;

    @Option(names = "--batch", paramLabel = "N",
            description = "examples per update (default: " + DEFAULT_BATCH + ", or " + SMALL_DATA_BATCH
                    + " when there are fewer than 10,000 training examples, as the embedded digits)")
    Integer batch;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N", description = "passes over the training set")
    int epochs;

    @Option(names = "--early-stopping", defaultValue = "0", paramLabel = "PATIENCE",
            description = "stop after PATIENCE epochs without improvement of --monitor, and keep the best epoch's"
                    + " weights (0: off)")
    int patience;

    @Option(names = "--monitor", defaultValue = "val_loss", paramLabel = "METRIC", completionCandidates = Completions.Monitors.class,
            description = "what --early-stopping watches: val_loss, val_accuracy, train_loss")
    String monitor;

    @Option(names = "--validation-fraction", paramLabel = "F",
            description = "fraction of the training part held out (stratified) to validate each epoch, apart from"
                    + " the test part (default: 0, or " + EARLY_STOPPING_VALIDATION
                    + " with --early-stopping on a val_ metric)")
    Double validationFraction;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the initial weights, the split and the shuffling")
    long seed;

    /** Set by {@code train} from the parse result: whether {@code --lr} was on the command line. */
    boolean lrGiven = true;
    /** Set by {@code train} from the parse result: whether {@code --monitor} was on the command line. */
    boolean monitorGiven;

    /**
     * Checks every setting, with a message naming the option; returns the warnings (settings that
     * are allowed but have no effect).
     */
    List<String> check() {
        List<String> warnings = new ArrayList<>();
        if (!Optimizers.NAMES.contains(optimizer)) {
            throw new IllegalArgumentException(Suggest.unknown("--optimizer", "optimizer", optimizer, Optimizers.NAMES));
        }
        if (!(lr() > 0) || Double.isInfinite(lr())) {
            throw new IllegalArgumentException("--lr: the learning rate must be a positive number, got " + Numbers.seed(lr));
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum: must be in [0, 1), got " + Numbers.seed(momentum));
        }
        if (!(weightDecay() >= 0) || Double.isInfinite(weightDecay())) {
            throw new IllegalArgumentException("--weight-decay: must be a number >= 0, got " + Numbers.seed(weightDecay()));
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("--l2: must be a number >= 0, got " + Numbers.seed(l2));
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("--clip-norm: must be a number >= 0 (0: no clipping), got "
                    + Numbers.seed(clipNorm));
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs: must be at least 1, got " + epochs);
        }
        if (batch != null && batch < 1) {
            throw new IllegalArgumentException("--batch: must be at least 1, got " + batch);
        }
        Batching mode = batching();
        if (mode == Batching.FULL && batch != null) {
            throw new IllegalArgumentException("--batch " + batch + " does not apply to --batching full (one batch of"
                    + " every training example); leave one of them out");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--early-stopping: takes a patience of at least 1 epoch (0: off), got "
                    + patience);
        }
        try {
            EarlyStopping.Monitor.parse(monitor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Suggest.unknown("--monitor", "metric", monitor,
                    List.of("val_loss", "val_accuracy", "train_loss")), e);
        }
        if (monitorGiven && patience == 0) {
            warnings.add("--monitor " + monitor + " has no effect without --early-stopping PATIENCE");
        }
        if (validationFraction != null && !(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("--validation-fraction: must be in [0, 1), got "
                    + Numbers.seed(validationFraction));
        }
        try {
            LearningRateSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule: " + e.getMessage(), e);
        }
        return warnings;
    }

    /** The core batching {@code --batching} names. */
    Batching batching() {
        try {
            return Batching.parse(batching);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Suggest.unknown("--batching", "batching", batching, BATCHING_NAMES), e);
        }
    }

    /** The batch size for {@code trainExamples}: every example for full batching, as given, or the default for that much data. */
    int batchFor(int trainExamples) {
        if (batching() == Batching.FULL) {
            return trainExamples;
        }
        if (batch != null) {
            return batch;
        }
        return trainExamples < SMALL_DATA ? SMALL_DATA_BATCH : DEFAULT_BATCH;
    }

    /** How the batches are described on the console: {@code batch 32} or {@code full batch}. */
    String batchText(int trainExamples) {
        return switch (batching()) {
            case FULL -> "full batch";
            case SAMPLED_WITH_REPLACEMENT -> "batch " + batchFor(trainExamples) + " sampled with replacement";
            case ORDERED -> "batch " + batchFor(trainExamples) + " in file order";
            default -> "batch " + batchFor(trainExamples);
        };
    }

    /** The learning rate: as given, or the optimizer's usual one when {@code --lr} is left out. */
    double lr() {
        return lrGiven ? lr : Optimizers.defaultLearningRate(optimizer);
    }

    double weightDecay() {
        return weightDecay != null ? weightDecay : Optimizers.defaultWeightDecay(optimizer);
    }

    Optimizer optimizer() {
        return Optimizers.named(optimizer, lr(), momentum, l2, weightDecay());
    }

    EarlyStopping earlyStopping() {
        return patience == 0 ? null : new EarlyStopping(EarlyStopping.Monitor.parse(monitor), patience, 0, true);
    }

    /**
     * The validation fraction: as given, or a default when early stopping needs a validation set
     * and no validation file is given ({@code validationFile}).
     */
    double validationFraction(boolean validationFile) {
        if (validationFraction != null) {
            return validationFraction;
        }
        EarlyStopping stopping = earlyStopping();
        return !validationFile && stopping != null && stopping.monitor().needsValidation() ? EARLY_STOPPING_VALIDATION : 0;
    }

    /**
     * The core settings for {@code trainExamples} examples. The validation part is held out by
     * {@code train} itself (the same seeded split the trainer would make), so none is configured here.
     */
    TrainingConfig config(int trainExamples) {
        return new TrainingConfig(epochs, batchFor(trainExamples), batching(), seed)
                .withSchedule(LearningRateSchedule.parse(schedule))
                .withClipNorm(clipNorm)
                .withEarlyStopping(earlyStopping());
    }

    /**
     * The settings as a model file records them; {@code initFrom} names the file training started
     * from, or null; {@code init} is the initializer's name.
     */
    TrainingRecord.Settings settings(int trainExamples, boolean validationFile, String initFrom, String init) {
        boolean withMomentum = optimizer.equals("momentum") || optimizer.equals("nesterov");
        return new TrainingRecord.Settings(optimizer, lr(), withMomentum ? momentum : Double.NaN, weightDecay(), l2,
                schedule, clipNorm, batchFor(trainExamples), epochs, patience, patience > 0 ? monitor : null,
                validationFraction(validationFile), seed, initFrom, batching().label(), init);
    }

    /** The settings as the JSON summary of {@code train} prints them. */
    Map<String, Object> toMap(int trainExamples, boolean validationFile) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", optimizer);
        m.put("lr", lr());
        if (optimizer.equals("momentum") || optimizer.equals("nesterov")) {
            m.put("momentum", momentum);
        }
        m.put("weight_decay", weightDecay());
        m.put("l2", l2);
        m.put("schedule", schedule);
        m.put("clip_norm", clipNorm);
        m.put("batching", batching().label());
        m.put("batch", batchFor(trainExamples));
        m.put("epochs", epochs);
        m.put("early_stopping", patience);
        if (patience > 0) {
            m.put("monitor", monitor);
        }
        m.put("validation_fraction", validationFraction(validationFile));
        m.put("seed", seed);
        return m;
    }
}
