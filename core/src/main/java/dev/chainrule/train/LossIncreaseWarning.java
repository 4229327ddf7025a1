package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.loss.MeanSquaredError;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * Seed 000's progress report: every {@code every} epochs (from the first), prints the training
 * loss, and {@code WARNING - Loss Increasing} when it is larger than at the previous report.
 *
 * <p>Two ways to measure it. {@link #meanSquaredError} measures the whole training set after the
 * epoch's update, as the seed meant to. {@link #lastRecord} repeats the seed's slip digit for
 * digit: its loop variable {@code x} still holds the last training record, so the seed prints
 * the mean of {@code (out - t)^2} over every training target {@code t}, where {@code out} is the
 * network's output for that last record alone.
 */
public final class LossIncreaseWarning implements TrainingListener {
    private final PrintStream out;
    private final int every;
    private final ToDoubleFunction<Sequential> lossOf;
    private final DoubleFunction<String> format;
    private final Sequential model;
    private Double lastLoss;

    /**
     * Prints {@code Train loss: } and the loss with 12 decimals.
     *
     * @param out    where the lines go
     * @param every  report every this many epochs, from the first; at least 1
     * @param model  the model being trained
     * @param lossOf measures the loss to print, e.g. {@code m -> Evaluation.meanSquaredError(m, train)}
     */
    public LossIncreaseWarning(PrintStream out, int every, Sequential model, ToDoubleFunction<Sequential> lossOf) {
        this(out, every, model, lossOf, loss -> String.format(Locale.ROOT, "Train loss: %.12f", loss));
    }

    private LossIncreaseWarning(PrintStream out, int every, Sequential model, ToDoubleFunction<Sequential> lossOf,
                                DoubleFunction<String> format) {
        if (every < 1) {
            throw new IllegalArgumentException("report interval must be at least 1 epoch, got " + every);
        }
        this.out = out;
        this.every = every;
        this.model = model;
        this.lossOf = lossOf;
        this.format = format;
    }

    /**
     * Reports the mean squared error of {@code model}'s predictions on {@code train}, as the seed means.
     *
     * @param out   where the lines go
     * @param every report every this many epochs, from the first
     * @param model the model being trained
     * @param train the training set
     * @return the listener to add to a {@link Trainer}
     */
    public static LossIncreaseWarning meanSquaredError(PrintStream out, int every, Sequential model, Dataset train) {
        return new LossIncreaseWarning(out, every, model, m -> {
            var p = m.predict(train.features());
            return new MeanSquaredError().value(p, train.targets());
        });
    }

    /**
     * Seed 000's report as its program prints it, slip included (see the class comment):
     * {@code mean over r, c of (out_c - t_rc)^2} with {@code out} the prediction for the last row of
     * {@code train}, printed as the seed's numpy printed a float64: 12 significant digits, after
     * two spaces ({@code Train loss:  0.251357252426}).
     *
     * @param out   where the lines go
     * @param every report every this many epochs, from the first
     * @param model the model being trained
     * @param train the training set, in the order the seed's loop visits it
     * @return the listener to add to a {@link Trainer}
     */
    public static LossIncreaseWarning lastRecord(PrintStream out, int every, Sequential model, Dataset train) {
        int last = train.size() - 1;
        if (last < 0) {
            throw new IllegalArgumentException("the training set " + train.name() + " has no records");
        }
        Tensor record = train.subset("last record", new int[] {last}).features();
        Tensor targets = train.targets();
        return new LossIncreaseWarning(out, every, model, m -> {
            Tensor p = m.predict(record);
            double sum = 0;
            for (int r = 0; r < targets.rows(); r++) {
                for (int c = 0; c < targets.cols(); c++) {
                    double e = p.get(0, c) - targets.get(r, c);
                    sum += e * e;
                }
            }
            return sum / targets.size();
        }, loss -> "Train loss:  " + numpyFloat(loss));
    }

    /** {@code v} with 12 significant digits and no trailing zeros, as numpy before 1.14 printed a float64. */
    static String numpyFloat(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0.0" : Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros();
        double a = Math.abs(v);
        String s = a >= 1e-4 && a < 1e16 ? d.toPlainString() : String.format(Locale.ROOT, "%.11e", v);
        return s.contains(".") || s.contains("e") ? s : s + ".0";
    }

    @Override
    public boolean onEpochEnd(EpochResult result) {
        if ((result.epoch() - 1) % every != 0) {
            return true;
        }
        double loss = lossOf.applyAsDouble(model);
        String line = format.apply(loss);
        if (lastLoss != null && lastLoss < loss) {
            line += "  WARNING - Loss Increasing";
        }
        out.println(line);
        lastLoss = loss;
        return true;
    }
}
