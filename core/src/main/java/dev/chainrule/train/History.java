package dev.chainrule.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch results of a training run, in order, why it stopped, and which epoch's weights
 * the model holds. It records them as a {@link Callback} (as Keras' {@code History}): each
 * {@link EpochResult} is added at the end of its epoch, after validation.
 */
public final class History implements Callback, Resumable {
    private final List<EpochResult> epochs = new ArrayList<>();
    private String stopReason = "completed";
    private boolean diverged;
    private int bestEpoch;

    void add(EpochResult result) {
        epochs.add(result);
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        add(run.epochResult());
    }

    void stopReason(String reason) {
        this.stopReason = reason;
    }

    void diverged(String reason) {
        this.diverged = true;
        this.stopReason = reason;
    }

    void bestEpoch(int epoch) {
        this.bestEpoch = epoch;
    }

    @Override
    public String stateName() {
        return "history";
    }

    /** The epochs' results so far, the stop reason and the best epoch. */
    @Override
    public void saveState(Map<String, Object> values, Map<String, dev.chainrule.tensor.Tensor> tensors) {
        List<Object> list = new ArrayList<>();
        for (EpochResult e : epochs) {
            list.add(new double[] {e.epoch(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                e.seconds(), e.learningRate()});
        }
        values.put("epochs", list);
        values.put("stop_reason", stopReason);
        values.put("diverged", diverged);
        values.put("best_epoch", bestEpoch);
    }

    @Override
    public void restoreState(Map<String, Object> values, Map<String, dev.chainrule.tensor.Tensor> tensors, TrainingRun run) {
        epochs.clear();
        for (Object o : (List<?>) values.get("epochs")) {
            List<?> e = (List<?>) o;
            epochs.add(new EpochResult((int) number(e.get(0)), number(e.get(1)), number(e.get(2)), number(e.get(3)),
                    number(e.get(4)), number(e.get(5)), number(e.get(6))));
        }
        stopReason = (String) values.get("stop_reason");
        diverged = Boolean.TRUE.equals(values.get("diverged"));
        bestEpoch = ((Number) values.get("best_epoch")).intValue();
    }

    /** A JSON number, or NaN for the null that JSON writes for NaN. */
    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    /**
     * @return the epochs' results in order (read-only)
     */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * The last epoch's result; fails when no epoch finished.
     *
     * @return the last epoch's result; fails when no epoch finished
     */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    /**
     * "completed", or why training stopped early (early stopping, a listener, divergence).
     *
     * @return the stop reason
     */
    public String stopReason() {
        return stopReason;
    }

    /**
     * True when training stopped on a NaN or infinite loss, gradient or weight.
     *
     * @return true when training stopped on a NaN or infinite loss, gradient or weight
     */
    public boolean diverged() {
        return diverged;
    }

    /**
     * The best epoch by the early-stopping monitor (1-based), or 0 without early stopping. With
     * {@link EarlyStopping#restoreBest()} the model holds this epoch's weights after fit.
     *
     * @return the best epoch by the early-stopping monitor (1-based), or 0 without early stopping
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The result of the best epoch, or the last one without early stopping.
     *
     * @return the result of the best epoch, or the last one without early stopping
     */
    public EpochResult best() {
        return bestEpoch > 0 ? epochs.get(bestEpoch - 1) : last();
    }

    /**
     * Total training seconds, validation excluded.
     *
     * @return total training seconds, validation excluded
     */
    public double seconds() {
        double s = 0;
        for (EpochResult e : epochs) {
            s += e.seconds();
        }
        return s;
    }
}
