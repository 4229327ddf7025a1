package dev.chainrule.cli;

import dev.chainrule.data.Dataset;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.Resumable;
import dev.chainrule.train.TrainingListener;
import dev.chainrule.train.TrainingRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the epoch lines and the history log show beyond core's {@link EpochResult}: for a
 * regression target, MAE, RMSE and R² on the held-out part after each epoch, in the target
 * column's own units (a standardized target's scaling undone). Added before the listeners that
 * print, so they read this epoch's figures. A checkpoint keeps them ({@link Resumable}), so a
 * resumed run logs every epoch's.
 */
final class EpochMetrics implements TrainingListener, Resumable {
    private final Sequential model;
    private final Dataset heldOut;
    private final TabularPreprocessing tabular;
    private final List<RegressionMetrics> perEpoch = new ArrayList<>();

    /**
     * @param heldOut the set measured after each epoch (validation or test), or null for none
     * @param tabular the preprocessing of CSV data (to undo target scaling), or null
     */
    EpochMetrics(Sequential model, Dataset heldOut, TabularPreprocessing tabular) {
        this.model = model;
        this.heldOut = heldOut != null && !heldOut.isClassification() ? heldOut : null;
        this.tabular = tabular;
    }

    /** Whether regression figures are measured (a held-out set of real-valued targets). */
    boolean regression() {
        return heldOut != null;
    }

    @Override
    public boolean onEpochEnd(EpochResult result) {
        if (heldOut != null) {
            perEpoch.add(regression(model, heldOut, tabular));
        }
        return true;
    }

    @Override
    public String stateName() {
        return "epoch_metrics";
    }

    @Override
    public void saveState(Map<String, Object> values, Map<String, Tensor> tensors) {
        List<Object> list = new ArrayList<>();
        for (RegressionMetrics m : perEpoch) {
            list.add(List.of(m.meanSquaredError(), m.meanAbsoluteError(), m.rSquared(), m.count()));
        }
        values.put("regression", list);
    }

    @Override
    public void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run) {
        perEpoch.clear();
        for (Object o : (List<?>) values.get("regression")) {
            List<?> m = (List<?>) o;
            perEpoch.add(new RegressionMetrics(number(m.get(0)), number(m.get(1)), number(m.get(2)),
                    ((Number) m.get(3)).longValue()));
        }
    }

    /** A JSON number, or NaN for the null that JSON writes for NaN. */
    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    /** The last epoch's figures, or null when none are measured. */
    RegressionMetrics last() {
        return perEpoch.isEmpty() ? null : perEpoch.get(perEpoch.size() - 1);
    }

    /** Epoch {@code epoch}'s figures (1-based), or null. */
    RegressionMetrics epoch(int epoch) {
        return epoch >= 1 && epoch <= perEpoch.size() ? perEpoch.get(epoch - 1) : null;
    }

    /** MAE, RMSE and R² of {@code model} on {@code data}, in the target's own units. */
    static RegressionMetrics regression(Sequential model, Dataset data, TabularPreprocessing tabular) {
        Tensor p = model.predict(data.features());
        Tensor t = data.targets();
        if (tabular != null) {
            p = tabular.targetValues(p);
            t = tabular.targetValues(t);
        }
        return RegressionMetrics.of(p, t);
    }
}
