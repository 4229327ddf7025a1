package dev.chainrule.diagnostics;

import dev.chainrule.train.EpochResult;
import dev.chainrule.train.History;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Reads a run's history and layer statistics and says what looks wrong. The rules, each about
 * the state at the end of training (a condition that held only early on is not raised):
 *
 * <ul>
 *   <li>the update-to-weight ratio of a layer in the last epoch is above {@value #RATIO_HIGH}
 *       or below {@value #RATIO_LOW} in log10, a decade or more from the healthy {@code -3}
 *       (the band Deeplearning4j's training UI guide gives);</li>
 *   <li>more than {@value #MAX_INACTIVE} of a ReLU layer's units never fire on the watched batches;</li>
 *   <li>more than {@value #MAX_SATURATED} of a sigmoid or tanh layer's outputs are saturated;</li>
 *   <li>the training loss rose from one epoch to the next by more than {@value #LOSS_RISE} of
 *       itself (seed 000's "Loss Increasing", less the noise of a loss that has stopped moving);</li>
 *   <li>the held-out loss is above its best for the last two epochs or more, after a best epoch
 *       (the network may be overfitting);</li>
 *   <li>training diverged.</li>
 * </ul>
 */
public final class Diagnosis {
    /** The healthy log10 update-to-weight ratio: an update of about a thousandth of the weights. */
    public static final double RATIO_HEALTHY = -3;
    /** Above this log10 ratio, steps are too large. */
    public static final double RATIO_HIGH = -2;
    /** Below this log10 ratio, steps are too small. */
    public static final double RATIO_LOW = -4;
    /** More than this fraction of a ReLU layer's units never firing is flagged. */
    public static final double MAX_INACTIVE = 0.5;
    /** A training loss that rises by more than this fraction of itself from one epoch to the next is flagged. */
    public static final double LOSS_RISE = 1e-3;
    /** More than this fraction of a sigmoid or tanh layer's outputs saturated is flagged. */
    public static final double MAX_SATURATED = 0.5;

    private Diagnosis() {
    }

    /**
     * The findings for a run, the whole-run ones first, then by layer.
     *
     * @param history    the run's epochs (and whether it diverged)
     * @param statistics the layer statistics of the run ({@link LayerStatisticsCollector#statistics()}),
     *                   or an empty list when none were collected
     * @return the findings for a run, the whole-run ones first, then by layer
     */
    public static List<Finding> of(History history, List<LayerStatistics> statistics) {
        List<Finding> findings = new ArrayList<>();
        if (history.diverged()) {
            findings.add(new Finding(Finding.Kind.DIVERGED, 0, history.stopReason()));
        }
        findings.addAll(losses(history.epochs()));
        findings.addAll(layers(statistics, history.epochs().isEmpty() ? Double.NaN
                : history.last().learningRate()));
        return findings;
    }

    /**
     * The loss findings alone: a training loss that rose, a held-out loss that kept rising.
     *
     * @param epochs the epochs' results, in order
     * @return the loss findings alone: a training loss that rose, a held-out loss that kept rising
     */
    public static List<Finding> losses(List<EpochResult> epochs) {
        List<Finding> findings = new ArrayList<>();
        List<String> rises = new ArrayList<>();
        for (int i = 1; i < epochs.size(); i++) {
            double before = epochs.get(i - 1).trainLoss();
            double now = epochs.get(i).trainLoss();
            if (now > before * (1 + LOSS_RISE)) {
                rises.add("epoch " + epochs.get(i).epoch() + " (" + compact(before, 4) + " to " + compact(now, 4) + ")");
            }
        }
        if (!rises.isEmpty()) {
            findings.add(new Finding(Finding.Kind.TRAINING_LOSS_INCREASING, 0, "The training loss rose in "
                    + String.join(", ", rises) + " (seed 000's \"WARNING - Loss Increasing\"). Gradient descent"
                    + " with a small enough learning rate lowers the loss from epoch to epoch; a rise usually means"
                    + " the steps overshoot: lower the learning rate, or use a schedule that decays it."));
        }
        int best = -1;
        for (int i = 0; i < epochs.size(); i++) {
            double v = epochs.get(i).validationLoss();
            if (!Double.isNaN(v) && (best < 0 || v < epochs.get(best).validationLoss())) {
                best = i;
            }
        }
        int last = epochs.size() - 1;
        if (best >= 0 && last - best >= 2 && epochs.get(last).validationLoss() > epochs.get(last - 1).validationLoss()) {
            findings.add(new Finding(Finding.Kind.VALIDATION_LOSS_INCREASING, 0, String.format(Locale.ROOT,
                    "The held-out loss was lowest after epoch %d (%s) and is %s after the last epoch, while the"
                            + " network kept fitting the training examples: it may be overfitting. Early stopping"
                            + " (--early-stopping) keeps the best epoch's weights; dropout or an L2 penalty fight"
                            + " overfitting.", epochs.get(best).epoch(), compact(epochs.get(best).validationLoss(), 4),
                    compact(epochs.get(last).validationLoss(), 4))));
        }
        return findings;
    }

    /**
     * The layer findings alone, from the statistics of the last epoch measured.
     *
     * @param statistics one entry per layer, in layer order
     * @param learningRate the learning rate of the run
     * @return the layer findings alone, from the statistics of the last epoch measured
     */
    public static List<Finding> layers(List<LayerStatistics> statistics, double learningRate) {
        List<Finding> findings = new ArrayList<>();
        if (statistics.isEmpty()) {
            return findings;
        }
        int lastEpoch = statistics.get(statistics.size() - 1).epoch();
        String rate = Double.isNaN(learningRate) ? "" : " (" + compact(learningRate, 4) + ")";
        for (LayerStatistics s : statistics) {
            if (s.epoch() != lastEpoch) {
                continue;
            }
            String name = "Layer " + s.layer() + " (" + s.type() + ")";
            double r = s.updateRatioLog10();
            if (r > RATIO_HIGH) {
                findings.add(new Finding(Finding.Kind.UPDATE_RATIO_HIGH, s.layer(), String.format(Locale.ROOT,
                        "%s: the update-to-weight ratio is %.2f in log10 in the last epoch%s: each step changes"
                                + " the weights by about %s of their size, where about 0.1%% (log10 -3) is healthy"
                                + " and above 1%% (log10 -2) the weights jump around rather than settle. The"
                                + " learning rate%s is probably too high.", name, r,
                        since(statistics, s.layer(), lastEpoch, x -> x.updateRatioLog10() > RATIO_HIGH), percent(r), rate)));
            } else if (r < RATIO_LOW) {
                findings.add(new Finding(Finding.Kind.UPDATE_RATIO_LOW, s.layer(), String.format(Locale.ROOT,
                        "%s: the update-to-weight ratio is %.2f in log10 in the last epoch%s: each step changes"
                                + " the weights by only about %s of their size, where about 0.1%% (log10 -3) is"
                                + " healthy, so this layer learns very slowly. The learning rate%s may be too low,"
                                + " or the gradients vanish before they reach this layer.", name, r,
                        since(statistics, s.layer(), lastEpoch, x -> x.updateRatioLog10() < RATIO_LOW), percent(r), rate)));
            }
            if (s.inactiveFraction() > MAX_INACTIVE) {
                int dead = (int) Math.round(s.inactiveFraction() * s.units());
                findings.add(new Finding(Finding.Kind.INACTIVE_UNITS, s.layer(), String.format(Locale.ROOT,
                        "%s: %d of its %d units (%.0f%%) never fired on the examples of the last epoch's watched batches%s."
                                + " A ReLU unit whose weighted sum is 0 or negative for every example passes no gradient"
                                + " back, so its weights never change again (a dead unit). Check the initialization"
                                + " (He for ReLU, biases near 0), lower the learning rate, or try leaky_relu.",
                        name, dead, s.units(), 100 * s.inactiveFraction(),
                        since(statistics, s.layer(), lastEpoch, x -> x.inactiveFraction() > MAX_INACTIVE))));
            }
            if (s.saturatedFraction() > MAX_SATURATED) {
                boolean sigmoid = s.type().equals("sigmoid");
                findings.add(new Finding(Finding.Kind.SATURATED_UNITS, s.layer(), String.format(Locale.ROOT,
                        "%s: %.0f%% of its outputs are saturated (within %.2f of %s) in the last epoch%s. There"
                                + " the derivative %s is under %s of its peak, so the error terms shrink as they"
                                + " flow back through this layer and the layers before it learn slowly. Lower the"
                                + " learning rate, standardize the inputs, or use ReLU.", name,
                        100 * s.saturatedFraction(), LayerStatistics.SATURATION_MARGIN, sigmoid ? "0 or 1" : "-1 or 1",
                        since(statistics, s.layer(), lastEpoch, x -> x.saturatedFraction() > MAX_SATURATED),
                        sigmoid ? "f'(h) = f(1 - f)" : "f'(h) = 1 - f^2", sigmoid ? "a fifth" : "a tenth")));
            }
        }
        return findings;
    }

    /** " (as in every epoch)", " (since epoch 3)", or "" when only the last epoch: how long the condition has held for one layer. */
    private static String since(List<LayerStatistics> statistics, int layer, int lastEpoch, Predicate<LayerStatistics> bad) {
        int first = lastEpoch;
        for (int e = lastEpoch - 1; e >= 1; e--) {
            LayerStatistics s = find(statistics, layer, e);
            if (s == null || !bad.test(s)) {
                break;
            }
            first = e;
        }
        if (first == lastEpoch) {
            return "";
        }
        return first == 1 ? " (as in every epoch)" : " (since epoch " + first + ")";
    }

    private static LayerStatistics find(List<LayerStatistics> statistics, int layer, int epoch) {
        for (LayerStatistics s : statistics) {
            if (s.layer() == layer && s.epoch() == epoch) {
                return s;
            }
        }
        return null;
    }

    /** 10^log10 as a percentage with two significant digits: {@code 3.2%}, {@code 0.0061%}. */
    static String percent(double log10) {
        return compact(100 * Math.pow(10, log10), 2) + "%";
    }

    /** {@code v} rounded to {@code digits} significant digits, without trailing zeros: {@code 0.7}, {@code 10}. */
    static String compact(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }
}
