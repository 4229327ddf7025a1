package dev.chainrule.cli.report;

import dev.chainrule.diagnostics.Finding;
import dev.chainrule.diagnostics.LayerStatistics;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.train.EpochResult;

import java.util.List;

/**
 * What a report shows, gathered by the command that writes it ({@code train} or
 * {@code evaluate}); a part that does not apply is null or empty, and {@link #notes()} say why
 * where a reader would look for it.
 *
 * @param title     the page's heading
 * @param command   the command line that made the report
 * @param findings  what looks wrong, in words; null when there was no training to judge (evaluate)
 * @param network   the layers with their shapes and parameter counts
 * @param training  the optimizer, schedule and other training settings
 * @param data      the data set, its split and preprocessing
 * @param curves    per-epoch and per-batch curves, or null (evaluate)
 * @param results   the held-out results, or null when nothing was held out
 * @param failures  misclassified images, or null when the data are not images
 * @param timing    durations and throughput
 * @param layers    per-layer statistics per epoch ({@code LayerStatisticsCollector}), or empty
 * @param notes     sentences about what is not shown and why
 */
public record TrainingReport(String title, String command, List<Finding> findings, Network network, List<Item> training,
                             List<Item> data, Curves curves, Results results, Failures failures, List<Item> timing,
                             List<LayerStatistics> layers, List<String> notes) {

    /** A label and its value, one row of a settings table. */
    public record Item(String label, String value) {
    }

    /**
     * The network as a table.
     *
     * @param sizes      e.g. {@code 64-50-10}
     * @param loss       the loss's name
     * @param parameters total trainable parameters
     */
    public record Network(String sizes, List<LayerRow> layers, String loss, long parameters) {
    }

    /**
     * One layer: its position, type, output shape (per example), parameter shapes and count.
     *
     * @param parameterShapes e.g. {@code weight [64, 50], bias [1, 50]}; empty for none
     */
    public record LayerRow(int index, String type, String outputShape, String parameterShapes, long parameters) {
    }

    /**
     * The curves of a training run.
     *
     * @param epochs          per-epoch results (train loss and accuracy; the validation columns
     *                        are the part named by {@code validationName})
     * @param validationName  what the epochs' validation columns measured: "validation" (a part
     *                        held out of the training set) or "test" (the held-out part itself);
     *                        null when nothing was validated
     * @param testLoss        test loss after each epoch when the validation is a separate part;
     *                        null otherwise
     * @param testAccuracy    test accuracy after each epoch, likewise; null otherwise or for regression
     * @param batchLoss       every batch's loss (before its update), in order
     * @param batchAccuracy   every batch's accuracy (its predictions before the update), in order;
     *                        NaN for numeric targets
     * @param batchRate       the learning rate of every batch's step, in order
     * @param batchesPerEpoch  batches in a full epoch
     * @param examplesPerEpoch training examples an epoch goes through
     */
    public record Curves(List<EpochResult> epochs, String validationName, double[] testLoss, double[] testAccuracy,
                         double[] batchLoss, double[] batchAccuracy, double[] batchRate, int batchesPerEpoch,
                         long examplesPerEpoch) {
    }

    /**
     * Results on held-out examples.
     *
     * @param on         a phrase saying which examples, e.g. "the held-out part of digits (360 examples)"
     * @param loss       the loss over them
     * @param matrix     the confusion matrix, or null for numeric targets
     * @param classNames the class names (may be empty: classes are then numbered)
     * @param extra      other figures (for numeric targets: the regression metrics)
     */
    public record Results(String on, double loss, ConfusionMatrix matrix, List<String> classNames, List<Item> extra) {
    }

    /**
     * Misclassified images.
     *
     * @param shown the first misclassified examples, in data order
     * @param wrong how many were misclassified
     * @param total how many were classified
     */
    public record Failures(List<Failure> shown, int wrong, int total) {
    }

    /**
     * One misclassified image.
     *
     * @param png       the image as PNG bytes (grey levels, min-max scaled)
     * @param row       its row in the evaluated data (0-based)
     * @param predicted the predicted class's name
     * @param actual    the true class's name
     */
    public record Failure(byte[] png, int row, String predicted, String actual) {
    }
}
