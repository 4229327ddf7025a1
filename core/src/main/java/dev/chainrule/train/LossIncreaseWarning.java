package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.model.Sequential;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Seed 000's progress report: every {@code every} epochs (from the first), prints the training
 * loss, and {@code WARNING - Loss Increasing} when it is larger than at the previous report.
 * The loss is measured on the whole training set after the epoch's update (not on the last
 * record, which was the seed's slip), by default as the mean squared error the seed prints.
 */
public final class LossIncreaseWarning implements TrainingListener {
    private final PrintStream out;
    private final int every;
    private final ToDoubleFunction<Sequential> lossOf;
    private final Sequential model;
    private Double lastLoss;

    /**
     * @param lossOf measures the loss to print, e.g. {@code m -> Evaluation.meanSquaredError(m, train)}
     */
    public LossIncreaseWarning(PrintStream out, int every, Sequential model, ToDoubleFunction<Sequential> lossOf) {
        if (every < 1) {
            throw new IllegalArgumentException("report interval must be at least 1 epoch, got " + every);
        }
        this.out = out;
        this.every = every;
        this.model = model;
        this.lossOf = lossOf;
    }

    /** Reports the mean squared error of {@code model}'s predictions on {@code train}, as the seed prints. */
    public static LossIncreaseWarning meanSquaredError(PrintStream out, int every, Sequential model, Dataset train) {
        return new LossIncreaseWarning(out, every, model, m -> {
            var p = m.predict(train.features());
            return new dev.chainrule.loss.MeanSquaredError().value(p, train.targets());
        });
    }

    @Override
    public boolean onEpochEnd(EpochResult result) {
        if ((result.epoch() - 1) % every != 0) {
            return true;
        }
        double loss = lossOf.applyAsDouble(model);
        String line = String.format(Locale.ROOT, "Train loss: %.12f", loss);
        if (lastLoss != null && lastLoss < loss) {
            line += "  WARNING - Loss Increasing";
        }
        out.println(line);
        lastLoss = loss;
        return true;
    }
}
