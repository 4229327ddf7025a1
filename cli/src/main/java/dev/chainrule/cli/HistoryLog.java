package dev.chainrule.cli;

import dev.chainrule.io.AtomicFiles;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.History;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --log history.csv}: one row per epoch, with a header. Columns: {@code epoch,
 * train_loss, train_accuracy}, the held-out part's {@code loss} and {@code accuracy} (named
 * {@code val_} or {@code test_} after what was measured), for a regression target its {@code mae},
 * {@code rmse} and {@code r2}, then {@code learning_rate, seconds}. Missing values are empty.
 * Numbers are written in full (the shortest text that reads back as the same double).
 */
final class HistoryLog {
    private HistoryLog() {
    }

    /** The CSV text for {@code history}. */
    static String csv(List<EpochResult> epochs, String heldOut, EpochMetrics metrics) {
        boolean regression = metrics != null && metrics.regression();
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_accuracy,");
        sb.append(heldOut).append("_loss,").append(heldOut).append("_accuracy,");
        if (regression) {
            sb.append(heldOut).append("_mae,").append(heldOut).append("_rmse,").append(heldOut).append("_r2,");
        }
        sb.append("learning_rate,seconds\n");
        for (EpochResult e : epochs) {
            sb.append(e.epoch()).append(',').append(number(e.trainLoss())).append(',').append(number(e.trainAccuracy()))
                    .append(',').append(number(e.validationLoss())).append(',').append(number(e.validationAccuracy()))
                    .append(',');
            if (regression) {
                RegressionMetrics m = metrics.epoch(e.epoch());
                sb.append(m == null ? "," : number(m.meanAbsoluteError()) + ",")
                        .append(m == null ? "," : number(m.rootMeanSquaredError()) + ",")
                        .append(m == null ? "," : number(m.rSquared()) + ",");
            }
            sb.append(number(e.learningRate())).append(',').append(number(e.seconds())).append('\n');
        }
        return sb.toString();
    }

    /** Writes the log atomically. */
    static void write(Path file, History history, String heldOut, EpochMetrics metrics) throws IOException {
        AtomicFiles.write(file, csv(history.epochs(), heldOut, metrics).getBytes(StandardCharsets.UTF_8));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
