package dev.chainrule.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a distributed training run did, epoch by epoch, kept on the model it gave (as Spark's
 * {@code LogisticRegressionTrainingSummary} is): the training loss of each epoch
 * ({@link #objectiveHistory()}, the example-weighted mean of every batch's loss taken before
 * that batch's step, as the single-machine trainer reports it), the training accuracy, and the
 * seconds. Not saved with the model.
 */
public final class TrainingSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TrainingMode mode;
    private final double[] loss;
    private final double[] accuracy;
    private final double[] seconds;
    private final long steps;
    private final long rounds;
    private final int partitions;
    private final long examples;
    private final List<String> kernels;

    TrainingSummary(TrainingMode mode, double[] loss, double[] accuracy, double[] seconds, long steps, long rounds,
                    int partitions, long examples, List<String> kernels) {
        this.mode = mode;
        this.loss = loss.clone();
        this.accuracy = accuracy.clone();
        this.seconds = seconds.clone();
        this.steps = steps;
        this.rounds = rounds;
        this.partitions = partitions;
        this.examples = examples;
        this.kernels = List.copyOf(kernels);
    }

    public TrainingMode mode() {
        return mode;
    }

    /** Epochs trained. */
    public int epochs() {
        return loss.length;
    }

    /** The training loss of each epoch, first to last (Spark's name for it). */
    public double[] objectiveHistory() {
        return loss.clone();
    }

    /** The training accuracy of each epoch (NaN for regression). */
    public double[] accuracyHistory() {
        return accuracy.clone();
    }

    /** Wall-clock seconds of each epoch on the driver. */
    public double[] secondsHistory() {
        return seconds.clone();
    }

    /** Global mini-batches trained on (optimizer steps of single-machine training). */
    public long totalIterations() {
        return steps;
    }

    /** Spark jobs that trained: one per batch in synchronous mode, one per averaging round in averaging mode. */
    public long rounds() {
        return rounds;
    }

    public int partitions() {
        return partitions;
    }

    /** Training rows. */
    public long examples() {
        return examples;
    }

    /** The kernels the executors ran, e.g. [VectorKernels]; JavaKernels means the Vector API was missing. */
    public List<String> executorKernels() {
        return kernels;
    }

    /** Total seconds. */
    public double seconds() {
        return Arrays.stream(seconds).sum();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrainingSummary(%s, %d epochs, %d steps in %d rounds over %d partitions,"
                        + " final loss %.6g, accuracy %.4f, %.2f s)", mode.paramValue(), epochs(), steps, rounds,
                partitions, loss.length == 0 ? Double.NaN : loss[loss.length - 1],
                accuracy.length == 0 ? Double.NaN : accuracy[accuracy.length - 1], seconds());
    }
}
