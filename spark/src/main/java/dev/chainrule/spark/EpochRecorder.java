package dev.chainrule.spark;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Collects each epoch's training loss, accuracy and seconds on the driver, logs one line per epoch
 * through Spark's log (logger {@code dev.chainrule.spark.Training}, level INFO), and gives the
 * {@link TrainingSummary} at the end. Stops the run when an epoch's loss is NaN or infinite.
 */
final class EpochRecorder {
    private static final Logger LOG = LoggerFactory.getLogger("dev.chainrule.spark.Training");

    private final TrainingSettings settings;
    private final DistributedRows data;
    private final double[] loss;
    private final double[] accuracy;
    private final double[] seconds;
    private int epochs;
    private long steps;
    private long rounds;

    EpochRecorder(TrainingSettings settings, DistributedRows data) {
        this.settings = settings;
        this.data = data;
        this.loss = new double[settings.epochs()];
        this.accuracy = new double[settings.epochs()];
        this.seconds = new double[settings.epochs()];
    }

    /** Counts one Spark job's worth of training: {@code batches} global batches in one round. */
    void round(int batches) {
        rounds++;
        steps += batches;
    }

    /**
     * Records epoch {@code epoch} (1-based) from the partitions' summed counts; throws when its
     * loss is not a finite number (training diverged).
     */
    void epoch(int epoch, PartialSums totals, long startNanos) {
        double epochLoss = totals.lossSum / totals.examples;
        double epochAccuracy = settings.classification() ? (double) totals.correct / totals.examples : Double.NaN;
        double epochSeconds = (System.nanoTime() - startNanos) / 1e9;
        if (!Double.isFinite(epochLoss)) {
            throw new IllegalStateException("training diverged: the loss became " + epochLoss + " in epoch " + epoch
                    + " (learning rate " + settings.learningRate() + "); lower the learning rate");
        }
        loss[epoch - 1] = epochLoss;
        accuracy[epoch - 1] = epochAccuracy;
        seconds[epoch - 1] = epochSeconds;
        epochs = epoch;
        if (LOG.isInfoEnabled()) {
            LOG.info(String.format(Locale.ROOT, "chainrule epoch %d/%d: loss %.6f%s, %.2f s (%s, %d partitions, %d steps"
                            + " in %d rounds so far)", epoch, settings.epochs(), epochLoss,
                    settings.classification() ? String.format(Locale.ROOT, ", accuracy %.4f", epochAccuracy) : "",
                    epochSeconds, settings.mode().paramValue(), data.partitionCount(), steps, rounds));
        }
    }

    TrainingSummary summary() {
        return new TrainingSummary(settings.mode(), Arrays.copyOf(loss, epochs), Arrays.copyOf(accuracy, epochs),
                Arrays.copyOf(seconds, epochs), steps, rounds, data.partitionCount(), data.examples,
                List.copyOf(data.kernels));
    }
}
