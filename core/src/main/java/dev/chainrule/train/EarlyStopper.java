package dev.chainrule.train;

import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The callback of an {@link EarlyStopping} setting: after each epoch (and its validation) it
 * compares the monitored value with the best so far, keeps a copy of the best epoch's weights
 * (with batch normalization's running statistics)
 * when they are to be restored, and stops the run after {@code patience} epochs without
 * improvement. When the run ends (early or not, but not by divergence) it puts the best epoch's
 * weights back and says so in the history's stop reason.
 */
public final class EarlyStopper implements Callback, Resumable {
    private final EarlyStopping settings;
    private List<Tensor> best;
    private double bestValue = Double.NaN;
    private int sinceBest;

    /**
     * Early stopping as {@code settings} says.
     *
     * @param settings the monitored metric, patience, minimum change, and whether to restore the best weights
     */
    public EarlyStopper(EarlyStopping settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "early stopping");
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        double value = settings.monitor().of(run.epochResult());
        if (settings.improves(value, bestValue)) {
            bestValue = value;
            sinceBest = 0;
            run.history().bestEpoch(run.epoch());
            if (settings.restoreBest()) {
                Sequential model = run.model();
                if (best == null) {
                    best = model.copyState();
                } else {
                    model.copyStateInto(best);
                }
            }
        } else if (++sinceBest >= settings.patience()) {
            run.requestStop(String.format(Locale.ROOT,
                    "early stopping after epoch %d: %s did not improve on %.6g (epoch %d) for %d epochs",
                    run.epoch(), settings.monitor(), bestValue, run.history().bestEpoch(), sinceBest));
        }
    }

    @Override
    public String stateName() {
        return "early_stopping";
    }

    /** The best value so far, the epochs since, and the best epoch's weights when they are kept. */
    @Override
    public void saveState(Map<String, Object> values, Map<String, Tensor> tensors) {
        values.put("best_value", bestValue);
        values.put("since_best", sinceBest);
        if (best != null) {
            for (int i = 0; i < best.size(); i++) {
                tensors.put(Integer.toString(i), best.get(i));
            }
        }
    }

    @Override
    public void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run) {
        Object value = values.get("best_value");
        bestValue = value == null ? Double.NaN : ((Number) value).doubleValue();
        sinceBest = ((Number) values.get("since_best")).intValue();
        best = tensors.isEmpty() ? null : new java.util.ArrayList<>(tensors.values());
    }

    @Override
    public void onTrainEnd(TrainingRun run) {
        History history = run.history();
        if (best != null && !history.diverged() && history.bestEpoch() != history.last().epoch()) {
            run.model().setState(best);
            history.stopReason(history.stopReason() + "; restored the weights of epoch " + history.bestEpoch());
        }
    }
}
